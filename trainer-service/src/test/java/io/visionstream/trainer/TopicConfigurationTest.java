package io.visionstream.trainer;

import io.visionstream.common.kafka.Topics;
import io.visionstream.common.testing.ChannelTopics;
import io.visionstream.trainer.publish.ReleaseAnnouncer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** application.properties names the topic literally; the release channel's topic must stay {@link Topics#MODEL_RELEASES}. */
class TopicConfigurationTest {

    @Test
    void theReleaseChannelUsesTheContractTopic() throws Exception {
        assertThat(ChannelTopics.ofThisModule()).containsExactlyInAnyOrderEntriesOf(Map.of(ReleaseAnnouncer.CHANNEL, Topics.MODEL_RELEASES));
    }
}
