package io.visionstream.common.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Package cycles are found in real compiled classes, and one-way dependencies are not reported. */
class PackageCyclesTest {

    @Test
    void findsTwoPackagesThatDependOnEachOtherThroughAThirdAndNothingElse(@TempDir Path dir) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path a = write(sources, "x/a/A.java", "package x.a; public class A { x.b.B b; }");
        Path b = write(sources, "x/b/B.java", "package x.b; public class B { x.c.C c; }");
        Path c = write(sources, "x/c/C.java", "package x.c; public class C { x.a.A a; }");
        Path d = write(sources, "x/d/D.java", "package x.d; public class D { x.a.A a; }");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                a.toString(), b.toString(), c.toString(), d.toString());
        assertThat(status).isZero();

        assertThat(PackageCycles.in(classes, "x.")).containsExactlyInAnyOrder("a<->b", "a<->c", "b<->c");
    }

    private static Path write(Path root, String file, String source) throws Exception {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, source);
    }
}
