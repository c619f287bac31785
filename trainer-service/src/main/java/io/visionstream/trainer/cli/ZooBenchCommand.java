package io.visionstream.trainer.cli;

import io.visionstream.trainer.arch.Zoo;
import io.visionstream.trainer.bench.Budget;
import io.visionstream.trainer.bench.ZooBench;
import io.visionstream.trainer.bench.ZooBenchSettings;
import io.visionstream.trainer.settings.Recipe;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static io.visionstream.trainer.cli.OptionValues.integer;
import static io.visionstream.trainer.cli.OptionValues.required;

/**
 * {@code zoo-bench --budget cpu|d2l [--recipe modern|d2l|paper] [--archs a,b] [--data-dir data] [--out DIR]
 * [--epochs N] [--limit-train N]}: the zoo benchmark ({@link ZooBench}) from the command line. Without {@code --archs}
 * the budget's networks ({@link Budget#archs()}); the last two options replace the budget's for every network, for a
 * quick check of the command.
 */
final class ZooBenchCommand {

    private ZooBenchCommand() {
    }

    static int run(Map<String, String> o) throws Exception {
        new ZooBench(settings(o)).run();
        return 0;
    }

    static ZooBenchSettings settings(Map<String, String> o) {
        Budget budget = Budget.parse(required(o, "budget"));
        List<String> names = o.containsKey("archs") ? List.of(o.get("archs").split(",")) : budget.archs();
        names.forEach(Zoo::standardInput); // fails naming the zoo for an unknown network, before an hour of training
        Path out = Path.of(o.getOrDefault("out", "runs/zoo-bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        return new ZooBenchSettings(budget, Recipe.parse(o.getOrDefault("recipe", "modern")), names,
                Path.of(o.getOrDefault("data-dir", "data")), out, integer(o, "epochs", 0), integer(o, "limit-train", 0));
    }
}
