package org.marrowj.macro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.pipeline.CohortTest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Analyze Cohort as a menu command with ImageJ 1.x's window open (under Xvfb): the progress it
 * publishes for Fiji's status and progress bars, Esc pressed on ImageJ's window stopping it after the
 * subject under way with a message, and a second run resuming to the tables of an uninterrupted
 * headless run ({@link CohortEscHarness}).
 */
class AnalyzeCohortGuiTest {

	@Test
	void progressEscAndResume(@TempDir final File dir) throws Exception {
		final File manifest = CohortTest.cohort(dir, 4, 10);
		final File out = new File(dir, "out"), log = new File(dir, "gui.log");
		final int exit = MacrosTest.runWithDisplay(dir, log, CohortEscHarness.class, manifest.getPath(), out.getPath());
		final String output = MacrosTest.read(log);
		final JsonObject r = MacrosTest.result(output, "COHORT-GUI-RESULT ", exit);
		assertEquals(0, exit, output);

		// the first run: 0 of 4 at the start, 1 of 4 after the first subject, then Esc stops it (the
		// statuses without progress are SciJava's "Running command: ..." and the like, and ours at the end)
		final List<int[]> progress = new ArrayList<>();
		final List<String> messages = new ArrayList<>(), others = new ArrayList<>();
		for (final JsonElement e : r.getAsJsonArray("first_statuses")) {
			final JsonObject s = e.getAsJsonObject();
			if (s.get("maximum").getAsInt() < 0) {
				others.add(s.get("message").getAsString());
				continue;
			}
			progress.add(new int[] { s.get("value").getAsInt(), s.get("maximum").getAsInt() });
			messages.add(s.get("message").getAsString());
		}
		// k subjects done before the run saw Esc (the event that pressed it arrives asynchronously): 1 or 2
		final List<String> stamped = new ArrayList<>();
		r.getAsJsonArray("stamped_after_first").forEach(e -> stamped.add(e.getAsString()));
		final int k = stamped.size();
		assertTrue(k >= 1 && k < 4, output);
		assertEquals(Arrays.asList("s1", "s2_v2", "s3").subList(0, k), stamped);
		assertEquals(k + 1, progress.size(), output);
		for (int i = 0; i <= k; i++)
			assertArrayEquals(new int[] { i, 4 }, progress.get(i), output);
		assertEquals("Analyze Cohort 4 subjects (Esc stops)", messages.get(0));
		assertTrue(messages.get(1).startsWith("Analyze Cohort [1/4] s1: ok (elapsed ") && messages.get(1).endsWith(" (Esc stops)"),
			messages.get(1));
		final String reason = "Analyze Cohort stopped (Esc) after " + k + " of 4 subjects; the subjects done keep their complete " +
			"folders: run it again with resume=true to go on";
		assertTrue(others.contains(reason), others.toString());
		assertTrue(r.get("first_canceled").getAsBoolean());
		assertEquals(reason, r.get("first_reason").getAsString());
		assertTrue(r.get("log").getAsString().contains(reason), r.get("log").getAsString());
		assertFalse(r.get("combined_after_first").getAsBoolean(), "a stopped run writes no combined table");

		// the second run resumes: the k done skipped, the others processed, progress to 4 of 4
		assertFalse(r.get("second_canceled").getAsBoolean(), output);
		final JsonObject report = JsonParser.parseString(r.get("second_json").getAsString()).getAsJsonObject();
		assertEquals(stamped.toString().replace(" ", ""), report.get("skipped").toString().replace("\"", ""));
		assertEquals(4 - k, report.getAsJsonArray("processed").size());
		final List<Integer> done = new ArrayList<>();
		for (final JsonElement e : r.getAsJsonArray("second_statuses"))
			if (e.getAsJsonObject().get("maximum").getAsInt() == 4) done.add(e.getAsJsonObject().get("value").getAsInt());
		assertEquals(Arrays.asList(0, 1, 2, 3, 4), done, output);

		// the same combined table as an uninterrupted headless run
		final File headless = new File(dir, "headless");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + manifest + "',out='" + headless + "'").assertOneJsonObject();
		for (final String t : Arrays.asList("marrow_regions.csv", "errors.csv"))
			assertArrayEquals(Files.readAllBytes(new File(headless, t).toPath()), Files.readAllBytes(new File(out, t).toPath()), t);
	}
}
