package org.marrowj.command;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import org.marrowj.io.Json;
import org.scijava.Context;

/**
 * Where a command's JSON report goes. Run by {@code bin/marrowj} (the launcher attaches itself to the
 * command's {@link Context}): collected, and printed by the launcher as one compact JSON line on
 * standard output when the run succeeds (a failed run prints nothing there). Headless without the launcher (e.g. {@code ImageJ --headless --run ...}): the same line on
 * {@code System.out}. With a display (Fiji's menus): the indented JSON in ImageJ's Log window.
 */
public final class Reports {

	private static final Map<Context, List<String>> LAUNCHED = Collections.synchronizedMap(new WeakHashMap<>());

	private Reports() {}

	/** Collects the reports of commands run in {@code context} for the launcher, which prints them only when the run succeeds. */
	public static void attach(final Context context) {
		LAUNCHED.put(context, Collections.synchronizedList(new ArrayList<>()));
	}

	/** Stops collecting; returns the reports emitted since {@link #attach(Context)} (compact JSON, in order). */
	public static List<String> detach(final Context context) {
		final List<String> reports = LAUNCHED.remove(context);
		return reports == null ? Collections.emptyList() : new ArrayList<>(reports);
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
		final List<String> launched = context == null ? null : LAUNCHED.get(context);
		if (launched != null) launched.add(json);
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
