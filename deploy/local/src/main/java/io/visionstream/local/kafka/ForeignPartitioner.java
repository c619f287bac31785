package io.visionstream.local.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Where other Kafka clients place a keyed record, so that tests and benchmarks can produce as they do: the product's
 * joins must meet records whatever partition their producer chose. Java's client hashes the key with murmur2;
 * librdkafka (kcat, confluent-kafka for Python, Go, .NET, Node) by default with CRC32 ({@code consistent_random});
 * Go's sarama with 32-bit FNV-1a.
 */
public enum ForeignPartitioner {
    /** Java's default partitioner: {@code toPositive(murmur2(key)) % n}. */
    JAVA_MURMUR2 {
        @Override
        int place(byte[] key, int partitions) {
            return Utils.toPositive(Utils.murmur2(key)) % partitions;
        }
    },
    /** librdkafka's {@code consistent_random} for a keyed record: {@code crc32(key) % n}, the CRC unsigned. */
    LIBRDKAFKA_CRC32 {
        @Override
        int place(byte[] key, int partitions) {
            CRC32 crc = new CRC32();
            crc.update(key);
            return (int) (crc.getValue() % partitions);
        }
    },
    /** sarama's hash partitioner: {@code abs(int32(fnv1a32(key)) % n)}. */
    SARAMA_FNV1A {
        @Override
        int place(byte[] key, int partitions) {
            int hash = 0x811c9dc5;
            for (byte b : key) {
                hash ^= b & 0xff;
                hash *= 0x01000193;
            }
            return Math.abs(hash % partitions);
        }
    };

    abstract int place(byte[] key, int partitions);

    /** The partition this client picks for {@code key} (UTF-8) on a topic of {@code partitions} partitions. */
    public int partition(String key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        return place(key.getBytes(StandardCharsets.UTF_8), partitions);
    }
}
