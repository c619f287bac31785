#!/usr/bin/python3
"""Produces images and their labels as a labelling team's non-Java client would: confluent-kafka (librdkafka), its
default partitioner (CRC32, consistent_random). Images go to `images` (CloudEvents binary mode, grey 28x28 PNGs drawn
with Pillow); each image's true class follows on `labels` 2-20 s after it (one in ten never, one in ten twice).
Prints one JSON line: what was sent and when the last label left.

  foreign-producer.py --bootstrap HOST:PORT [--images 3000] [--rate 200] [--seed 7] [--prefix foreign-] [--camera]

--camera sends 640x480 colour JPEGs (quality 90: shaded shapes on a noisy background, as a camera frame compresses)
instead of grey 28x28 PNGs.
"""
import argparse
import heapq
import io
import json
import random
import sys
import time
from datetime import datetime, timezone

from confluent_kafka import Producer
from PIL import Image, ImageDraw


def png(rng):
    image = Image.new("L", (28, 28), 0)
    draw = ImageDraw.Draw(image)
    for _ in range(3):
        x, y = rng.randrange(24), rng.randrange(24)
        draw.rectangle([x, y, x + 4 + rng.randrange(28 - x - 3), y + 4 + rng.randrange(28 - y - 3)], fill=40 + rng.randrange(216))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def camera_jpeg(rng):
    image = Image.effect_noise((640, 480), 40).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randrange(560), rng.randrange(400)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.ellipse([x, y, x + 40 + rng.randrange(200), y + 40 + rng.randrange(200)], fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--images", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--prefix", default="foreign-")
    parser.add_argument("--camera", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = []
    producer = Producer({"bootstrap.servers": args.bootstrap, "acks": "all", "linger.ms": 5, "message.max.bytes": 12582912})

    def delivered(err, msg):
        if err is not None:
            failures.append(str(err))

    labels = []  # heap of (due, image id, class, copies)
    sent = labelled = twice = 0
    label_bytes = image_bytes = 0
    start = time.monotonic()

    def send_due_labels(now):
        nonlocal label_bytes
        while labels and labels[0][0] <= now:
            _, image_id, truth, copies = heapq.heappop(labels)
            value = json.dumps({"schemaVersion": 1, "imageId": image_id, "label": truth,
                                "labelledAt": datetime.now(timezone.utc).isoformat(), "source": "foreign-producer.py"}).encode()
            for _ in range(copies):
                producer.produce("labels", key=image_id.encode(), value=value, on_delivery=delivered)
                label_bytes += len(image_id) + len(value)
            producer.poll(0)

    for i in range(args.images):
        due = start + i / args.rate
        while time.monotonic() < due:
            send_due_labels(time.monotonic())
            time.sleep(0.001)
        image_id = "%s%06d" % (args.prefix, i)
        payload = camera_jpeg(rng) if args.camera else png(rng)
        headers = [("ce_id", image_id.encode()), ("ce_type", b"io.visionstream.image.v1"), ("ce_source", b"/foreign-producer"),
                   ("ce_specversion", b"1.0"), ("content-type", b"image/jpeg" if args.camera else b"image/png")]
        producer.produce("images", key=image_id.encode(), value=payload, headers=headers, on_delivery=delivered)
        image_bytes += len(image_id) + len(payload) + sum(len(k) + len(v) for k, v in headers)
        producer.poll(0)
        sent += 1
        fate = rng.random()
        if fate < 0.1:
            continue  # never labelled
        copies = 2 if fate < 0.2 else 1
        labelled += 1
        twice += copies - 1
        heapq.heappush(labels, (time.monotonic() + rng.uniform(2, 20), image_id, rng.randrange(10), copies))
    while labels:
        send_due_labels(time.monotonic())
        time.sleep(0.01)
    last_label = time.time()
    producer.flush(60)
    print(json.dumps({"client": "confluent-kafka %s, librdkafka %s" % (__import__("confluent_kafka").version()[0],
                                                                       __import__("confluent_kafka").libversion()[0]),
                      "imagesSent": sent, "labelledImages": labelled, "labelledTwice": twice, "neverLabelled": sent - labelled,
                      "imageBytes": image_bytes, "labelBytes": label_bytes, "lastLabelEpochMs": int(last_label * 1000),
                      "deliveryFailures": len(failures), "seconds": round(time.monotonic() - start, 1)}))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
