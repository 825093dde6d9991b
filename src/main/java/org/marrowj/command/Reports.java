package org.marrowj.command;

import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import org.marrowj.io.Json;
import org.scijava.Context;

/**
 * Where a command's JSON report goes. Run by {@code bin/marrowj} (the launcher attaches its standard
 * output to the command's {@link Context}): exactly one compact JSON object and a newline on that
 * stream. Headless without the launcher (e.g. {@code ImageJ --headless --run ...}): the same line on
 * {@code System.out}. With a display (Fiji's menus): the indented JSON in ImageJ's Log window.
 */
public final class Reports {

	private static final Map<Context, PrintStream> LAUNCHED = Collections.synchronizedMap(new WeakHashMap<>());

	private Reports() {}

	/** Sends the reports of commands run in {@code context} to {@code out} (the launcher's standard output). */
	public static void attach(final Context context, final PrintStream out) {
		LAUNCHED.put(context, out);
	}

	public static void detach(final Context context) {
		LAUNCHED.remove(context);
	}

	/** True when {@code context} belongs to a run of the headless launcher. */
	public static boolean launched(final Context context) {
		return context != null && LAUNCHED.containsKey(context);
	}

	/**
	 * Emits {@code report} (a map, serialised with {@link Json}) as described above and returns its
	 * compact JSON text (for a command's {@code json} output).
	 */
	public static String emit(final Context context, final String title, final Object report) {
		final String json = Json.compact(report);
		final PrintStream out = context == null ? null : LAUNCHED.get(context);
		if (out != null) {
			out.println(json);
			out.flush();
		}
		else if (GraphicsEnvironment.isHeadless()) {
			System.out.println(json);
			System.out.flush();
		}
		else {
			ij.IJ.log(title + ":\n" + Json.pretty(report));
		}
		return json;
	}
}
