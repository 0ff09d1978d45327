package org.hyperflux.examples;

import java.io.IOException;
import java.io.InputStream;
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
        + " (a JVM counterpart of HyperSpy's lazy signals).",
    subcommands = {DemoCommand.class, BenchCommand.class, InfoCommand.class,
        NavigatorCommand.class, ConvertCommand.class, SumCommand.class, DecomposeCommand.class,
        FitCommand.class, LiveCommand.class})
public final class HyperfluxCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new HyperfluxCommand()).execute(args));
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
