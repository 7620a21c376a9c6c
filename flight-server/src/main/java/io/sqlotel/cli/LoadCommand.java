package io.sqlotel.cli;

import io.sqlotel.otlp.LoadReport;
import io.sqlotel.otlp.OtlpLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sqlotel load}: loads OTLP files (JSON, JSON lines, {@code .pb}) into time-sliced SQLite shard files and
 * writes {@code catalog.yaml} beside them. Exit code 0 when nothing was skipped, 2 when something was (see stderr).
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {"Load OTLP logs, traces and metrics (OTLP/JSON, JSON lines as the Collector's file exporter"
        + " writes, or binary protobuf .pb named *logs*/*traces*/*metrics*) into one SQLite shard file per time"
        + " slice in DIR, plus DIR/catalog.yaml.",
        "A file already loaded into DIR (same SHA-256, recorded in each shard's loaded_files table) is skipped."
            + " Problems, progress and a summary go to stderr; exit code 2 if any line, record or file was skipped."})
public final class LoadCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory of the shards.")
  Path out;

  @Option(names = "--slice", defaultValue = "1h", paramLabel = "LEN",
      description = "Time slice of one shard: 1h, 15m, 1d... (default: ${DEFAULT-VALUE}).")
  String slice;

  @Option(names = "--base-port", defaultValue = "8101", paramLabel = "N",
      description = "The catalog puts shard i at http://127.0.0.1:(N+i) (default: ${DEFAULT-VALUE}).")
  int basePort;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "OTLP files to load, in order.")
  List<Path> files;

  /** Runs the load; returns 2 if anything was skipped. */
  @Override
  public Integer call() throws Exception {
    for (Path f : files) {
      if (!Files.isRegularFile(f)) {
        throw new ParameterException(spec.commandLine(), "no such file: " + f);
      }
    }
    OtlpLoader loader;
    try {
      loader = new OtlpLoader(out, OtlpLoader.parseSlice(slice), basePort, System.err);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    LoadReport report = loader.load(files);
    boolean skipped = report.linesSkipped() + report.recordsSkipped() + report.filesDuplicate()
        + report.filesNotOtlp() > 0;
    return skipped ? 2 : 0;
  }
}
