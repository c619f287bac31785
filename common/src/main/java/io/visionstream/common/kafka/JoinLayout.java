package io.visionstream.common.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.kstream.Repartitioned;

import java.util.List;
import java.util.Set;

/**
 * How a join reads its inputs so that two records of one key meet: the partition count of its tasks, and the inputs
 * it re-keys and repartitions to that count itself, through a Kafka Streams repartition topic
 * ({@code <application id>-<topic>-rekeyed-repartition}, written by Java's default partitioner like the product's own
 * topics). An input not named is read as written, so it must already be keyed by image id and placed by murmur2 over
 * {@link #partitions()} partitions. Made by {@link JoinTopics#ensure}.
 *
 * @param partitions    the partition count of the join's tasks
 * @param repartitioned the inputs the join re-keys and repartitions
 * @param created       the topics {@link JoinTopics#ensure} created
 */
public record JoinLayout(int partitions, Set<String> repartitioned, List<String> created) {

    public JoinLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("a join needs at least one partition, not " + partitions);
        }
        repartitioned = Set.copyOf(repartitioned);
        created = List.copyOf(created);
    }

    /** Whether the join re-keys and repartitions {@code topic}, or reads it as written. */
    public boolean repartitions(String topic) {
        return repartitioned.contains(topic);
    }

    /**
     * {@code stream}, read from {@code topic}, keyed and placed for the join: re-keyed by {@code key} and repartitioned
     * when the layout says so, else as it is (then its records must already be keyed so).
     */
    public <V> KStream<String, V> keyed(KStream<String, V> stream, String topic, KeyValueMapper<String, V, String> key, Serde<V> values) {
        if (!repartitions(topic)) {
            return stream;
        }
        return stream.selectKey(key).repartition(Repartitioned.<String, V>as(topic + "-rekeyed").withKeySerde(Serdes.String())
                .withValueSerde(values).withNumberOfPartitions(partitions));
    }
}
