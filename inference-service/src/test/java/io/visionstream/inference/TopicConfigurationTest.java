package io.visionstream.inference;

import io.visionstream.common.kafka.Topics;
import io.visionstream.common.testing.ChannelTopics;
import io.visionstream.inference.kafka.StreamPublisher;
import io.visionstream.inference.rollout.ReleaseCatalog;
import io.visionstream.inference.rollout.RolloutController;
import io.visionstream.inference.rollout.RolloutFollower;
import io.visionstream.inference.stream.ImageStreamProcessor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** application.properties names the topics literally; every channel's topic must stay the {@link Topics} constant. */
class TopicConfigurationTest {

    @Test
    void everyChannelUsesTheContractTopic() throws Exception {
        assertThat(ChannelTopics.ofThisModule()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ImageStreamProcessor.CHANNEL, Topics.IMAGES,
                ImageStreamProcessor.TRANSACTIONAL_CHANNEL, Topics.PREDICTIONS,
                StreamPublisher.PREDICTIONS, Topics.PREDICTIONS,
                StreamPublisher.DEAD_LETTERS, Topics.IMAGES_DLQ,
                StreamPublisher.SHADOW_PREDICTIONS, Topics.PREDICTIONS_SHADOW,
                RolloutFollower.CHANNEL, Topics.MODEL_ROLLOUTS,
                RolloutController.CHANNEL, Topics.MODEL_ROLLOUTS,
                ReleaseCatalog.CHANNEL, Topics.MODEL_RELEASES,
                io.visionstream.inference.retrain.RetrainPolicy.CHANNEL, Topics.TRAINING_TRIGGERS));
    }
}
