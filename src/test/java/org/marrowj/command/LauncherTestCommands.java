package org.marrowj.command;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Commands that exist only for the launcher's tests (no menu path, so the launcher's help does not list them). */
public final class LauncherTestCommands {

	private LauncherTestCommands() {}

	/** Reports every value it received, with its Java type; prints noise to System.out and logs a warning. */
	@Plugin(type = Command.class, label = "Launcher Test Typed", headless = true)
	public static class Typed implements Command {

		@Parameter
		private Context context;

		@Parameter
		private LogService log;

		@Parameter(persist = false)
		private File path;

		@Parameter(persist = false, min = "1", max = "100")
		private int count = 5;

		@Parameter(persist = false)
		private long seed = 1;

		@Parameter(persist = false, min = "0")
		private double margin_mm = 2.5;

		@Parameter(persist = false)
		private boolean flag;

		@Parameter(persist = false, choices = { "femur", "spine" })
		private String kind = "femur";

		@Parameter(persist = false, required = false)
		private String note = "";

		@Parameter(persist = false, validater = "checkOdd")
		private int odd = 1;

		@SuppressWarnings("unused")
		private void checkOdd() {
			if (odd % 2 == 0) throw new IllegalArgumentException("must be odd, got " + odd);
		}

		@Override
		public void run() {
			System.out.println("noise that must not reach standard output");
			log.warn("a warning for standard error");
			log.info("an info message, hidden without --debug");
			final Map<String, Object> r = new LinkedHashMap<>();
			r.put("path", path.getPath());
			r.put("count", count);
			r.put("seed", String.valueOf(seed));
			r.put("margin_mm", margin_mm);
			r.put("flag", flag);
			r.put("kind", kind);
			r.put("note", note);
			r.put("odd", odd);
			Reports.emit(context, "Launcher Test Typed", r);
		}
	}

	/** Cancels itself with a reason. */
	@Plugin(type = Command.class, label = "Launcher Test Cancel", headless = true)
	public static class Cancelling extends ContextCommand {

		@Override
		public void run() {
			cancel("the image is not a femur");
		}
	}

	/** Fails with an unexpected exception. */
	@Plugin(type = Command.class, label = "Launcher Test Throw", headless = true)
	public static class Throwing implements Command {

		@Override
		public void run() {
			throw new IllegalStateException("boom in the algorithm");
		}
	}

	/** A parameter that SciJava would persist (persist defaults to true): the launcher must still ignore saved values. */
	@Plugin(type = Command.class, label = "Launcher Test Persisted", headless = true)
	public static class Persisted implements Command {

		@Parameter
		private Context context;

		@Parameter(required = false)
		private String note = "declared default";

		@Override
		public void run() {
			final Map<String, Object> r = new LinkedHashMap<>();
			r.put("note", note);
			Reports.emit(context, "Launcher Test Persisted", r);
		}
	}

	/** Reports, then finds its input unusable: the report must not reach standard output. */
	@Plugin(type = Command.class, label = "Launcher Test Report Then Fail", headless = true)
	public static class ReportThenFail implements Command {

		@Parameter
		private Context context;

		@Override
		public void run() {
			Reports.emit(context, "Launcher Test Report Then Fail", Map.of("partial", true));
			throw new org.marrowj.BadInputException("threshold_hu", "no voxel above the threshold");
		}
	}

	/** Reports twice: a launcher run must have one JSON object. */
	@Plugin(type = Command.class, label = "Launcher Test Two Reports", headless = true)
	public static class TwoReports implements Command {

		@Parameter
		private Context context;

		@Override
		public void run() {
			Reports.emit(context, "Launcher Test Two Reports", Map.of("n", 1));
			Reports.emit(context, "Launcher Test Two Reports", Map.of("n", 2));
		}
	}
}
