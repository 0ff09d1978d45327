package org.hyperflux.examples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hyperflux live}: live acquisition (DESIGN §6) from the command line. {@code live
 * simulate} ({@link LiveSimulateCommand}) plays a scan as a Merlin detector's data channel;
 * {@code live acquire} ({@link LiveAcquireCommand}) connects to one, analyses the frames while
 * they arrive and writes them to {@code .zspy}. {@code hyperflux bench live} ({@link
 * BenchLiveCommand}) measures the two together.
 *
 * <pre>{@code
 * ./hyperflux live simulate --port 6342 --scan 128x128 --frame 256x256 --rate 2000 &
 * ./hyperflux live acquire --port 6342 --out scan.zspy --vbf 20 --adf 40,100 --com --png snapshots
 * }</pre>
 */
@Command(
    name = "live",
    mixinStandardHelpOptions = true,
    versionProvider = HyperfluxCommand.Version.class,
    subcommands = {LiveSimulateCommand.class, LiveAcquireCommand.class},
    description = "Live acquisition from a Merlin detector's data channel (TCP): 'simulate' plays"
        + " a scan as a detector would, 'acquire' analyses and writes one while it arrives.")
public final class LiveCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(),
        "Missing required subcommand: simulate or acquire");
  }
}
