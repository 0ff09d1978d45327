package org.hyperflux.examples;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code hyperflux} command: lazy, chunked, backpressured processing of n-dimensional
 * signals on the JVM. Each subcommand is a class of its own ({@link DemoCommand},
 * {@link BenchCommand} with {@link BenchFilesCommand}, {@link BenchSaveCommand}, {@link
 * BenchDecomposeCommand} and {@link BenchLiveCommand}, {@link InfoCommand}, {@link
 * NavigatorCommand}, {@link ConvertCommand}, {@link SumCommand}, {@link DecomposeCommand}, {@link
 * FitCommand}, {@link LiveCommand} with {@link LiveSimulateCommand} and {@link
 * LiveAcquireCommand}); run without one, it prints its usage and fails.
 *
 * <pre>{@code
 * ./hyperflux demo --scan 64x64
 * ./hyperflux bench --size 1g --out bench.json
 * ./hyperflux info demo --scan 64x64
 * ./hyperflux navigator demo --scan 128x128 --frame 64x64 --png navigator.png
 * ./hyperflux convert demo --scan 64x64 scan.zspy
 * ./hyperflux info scan.zspy
 * ./hyperflux navigator scan.zspy --png navigator.png
 * ./hyperflux convert scan.zspy rechunked.zspy --chunks 16,16,256,256 --overwrite
 * ./hyperflux convert scan.zspy scan.hspy              # HDF5 for HyperSpy (deflate level 4)
 * ./hyperflux sum scan.zspy --over signal
 * ./hyperflux bench files /tmp/benchdata --hyperspy --repeat 3 --out files.json
 * ./hyperflux decompose scan.zspy --dtype float32 -a rsvd -n 8 --out svd.zspy --plots plots
 * ./hyperflux bench decompose /tmp/benchdata --hyperspy --algorithms svd,pca,rsvd
 * ./hyperflux live simulate --port 6342 --scan 128x128 --frame 256x256 --rate 2000 &
 * ./hyperflux live acquire --port 6342 --out scan.zspy --vbf 20 --adf 40,100 --com --png snapshots
 * ./hyperflux bench live --scan 128x128 --frame 256x256 --repeat 3 --out live.json
 * }</pre>
 */
@Command(
    name = "hyperflux",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    description = "Lazy, chunked, backpressured processing of multi-dimensional signals"
        + " (a JVM counterpart of HyperSpy's lazy signals).")
public final class HyperfluxCommand implements Runnable {
  /** The subcommands' names, in the order the usage lists them. */
  private static final List<String> SUBCOMMANDS = List.of("demo", "bench", "info", "navigator",
      "convert", "sum", "decompose", "fit", "live");

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine(args.length > 0 ? args[0] : null).execute(args));
  }

  /** The {@code hyperflux} command line with all its subcommands. */
  public static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command line with only the subcommand {@code first} when that names one, otherwise with
   * all of them (for the usage and its errors). picocli inspects every subcommand it is given
   * by reflection, which took about 60 ms of each start for all of them.
   */
  static CommandLine commandLine(String first) {
    CommandLine commandLine = new CommandLine(new HyperfluxCommand());
    boolean one = first != null && SUBCOMMANDS.contains(first);
    for (String name : SUBCOMMANDS) {
      if (!one || name.equals(first)) commandLine.addSubcommand(name, subcommand(name));
    }
    return commandLine;
  }

  /**
   * A new subcommand object named {@code name}, one of {@link #SUBCOMMANDS}. (A switch rather
   * than a map of constructor references: linking those took about 5 ms of each start.)
   */
  private static Object subcommand(String name) {
    return switch (name) {
      case "demo" -> new DemoCommand();
      case "bench" -> new BenchCommand();
      case "info" -> new InfoCommand();
      case "navigator" -> new NavigatorCommand();
      case "convert" -> new ConvertCommand();
      case "sum" -> new SumCommand();
      case "decompose" -> new DecomposeCommand();
      case "fit" -> new FitCommand();
      case "live" -> new LiveCommand();
      default -> throw new IllegalArgumentException("no subcommand " + name);
    };
  }

  /** The project version (filtered into {@code version.properties} by Maven) and the runtime. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = HyperfluxCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) p.load(in);
      }
      return new String[] {
          "hyperflux " + p.getProperty("version", "(unknown version)"),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
              + "), " + Runtime.getRuntime().availableProcessors() + " cores, max heap "
              + Units.bytes(Runtime.getRuntime().maxMemory())
      };
    }
  }
}
