package io.visionstream.trainer.cli;

import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The CLI's log: the trainer's own messages at INFO, every library at WARN or quieter, one short format, on stderr
 * (stdout carries the command's results: tables, {@code RESULT}, {@code EXPORTED}, manifests). A command either runs
 * without Quarkus, and {@link #configure()} sets the log up by hand, or boots Quarkus to publish, and
 * {@link #quarkusProperties()} asks Quarkus for the same log, without its banner, HTTP server or Kafka chatter.
 */
final class CliLogging {

    /** {@code 12:03:07 INFO  epoch 1/10 batch 50/235 ...}: time, level and message, no logger name or thread. */
    static final String FORMAT = "%d{HH:mm:ss} %-5p %s%e%n";
    private static final String OWN = "io.visionstream";
    /** Kafka's categories; the clients' own is named too, since Quarkus's Kafka extension gives it a level of its own. */
    private static final java.util.List<String> KAFKA_CATEGORIES = java.util.List.of("org.apache.kafka", "org.apache.kafka.clients");

    /** Held here: the log manager keeps loggers only weakly, and a collected one would forget its level. */
    private static final Logger ROOT = Logger.getLogger("");
    private static final Logger TRAINER = Logger.getLogger(OWN);

    private CliLogging() {
    }

    /** Sets the log up for a command that runs without Quarkus. */
    static void configure() {
        for (Handler handler : ROOT.getHandlers()) {
            ROOT.removeHandler(handler);
        }
        ROOT.addHandler(new ConsoleHandler(ConsoleHandler.Target.SYSTEM_ERR, new PatternFormatter(FORMAT)));
        ROOT.setLevel(Level.WARNING);
        TRAINER.setLevel(Level.INFO);
    }

    /**
     * The same log for a command that boots Quarkus to publish, as system properties (a property given on the command
     * line wins). Kafka's client logs at ERROR only: without a broker it warns on every reconnect, while the command's
     * {@code RESULT} already says whether the release was announced. Its producer closes within a second: when the
     * command ends, a release is either acknowledged or queued on disk for the service to retry.
     */
    static void quarkusProperties() {
        setIfAbsent("quarkus.banner.enabled", "false");
        setIfAbsent("quarkus.http.host-enabled", "false");
        setIfAbsent("quarkus.log.level", "WARN");
        setIfAbsent("quarkus.log.category.\"" + OWN + "\".level", "INFO");
        for (String kafka : KAFKA_CATEGORIES) {
            setIfAbsent("quarkus.log.category.\"" + kafka + "\".level", "ERROR");
        }
        setIfAbsent("quarkus.log.console.format", FORMAT);
        setIfAbsent("quarkus.log.console.stderr", "true");
        setIfAbsent("mp.messaging.outgoing.model-releases-out.close-timeout", "1000");
        // a command is not the service: it never runs the labelled-images join
        setIfAbsent("visionstream.trainer.continual.join-enabled", "false");
        setIfAbsent("visionstream.trainer.continual.follow-triggers", "false");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
