package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.io.Csv;
import org.marrowj.phantom.FemurOptions;
import org.marrowj.phantom.Phantoms;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Analyze Cohort on phantom femur subjects: combined tables, resume, changed input, failures, shards, a killed run. */
public class CohortTest {

	private static final File ROOT = new File(System.getProperty("user.dir"));
	private static final File SCRIPT = new File(ROOT, "bin/marrowj");

	/** Writes {@code n} small femur phantoms data/s1..sn.nii.gz (seed k) and manifest.csv (subject,visit,ct); s2 has visit v2. */
	public static File cohort(final File dir, final int n, final int nz) {
		final File data = new File(dir, "data");
		final StringBuilder m = new StringBuilder("subject,visit,ct\n");
		for (int k = 1; k <= n; k++) {
			femur(new File(data, "s" + k + ".nii.gz"), k, nz);
			m.append("s").append(k).append(',').append(k == 2 ? "v2" : "").append(",data/s").append(k).append(".nii.gz\n");
		}
		final File manifest = new File(dir, "manifest.csv");
		write(manifest, m.toString());
		return manifest;
	}

	static void femur(final File file, final long seed, final int nz) {
		final FemurOptions o = new FemurOptions();
		o.size(96, 72, nz).spacing(1.6, 1.6, 2.0);
		o.seed = seed;
		final String base = file.getName().replace(".nii.gz", "");
		final File tmp = new File(file.getParentFile(), "tmp_" + base);
		Phantoms.write(Phantoms.femur(o), tmp, base);
		try {
			Files.createDirectories(file.getParentFile().toPath());
			Files.move(new File(tmp, base + ".nii.gz").toPath(), file.toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			for (final File f : tmp.listFiles())
				Files.delete(f.toPath());
			Files.delete(tmp.toPath());
		}
		catch (final java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	static void write(final File f, final String text) {
		try {
			Files.write(f.toPath(), text.getBytes(StandardCharsets.UTF_8));
		}
		catch (final java.io.IOException e) {
			throw new IllegalStateException(e);
		}
	}

	static byte[] bytes(final File f) throws Exception {
		return Files.readAllBytes(f.toPath());
	}

	static JsonObject run(final File manifest, final File out, final String extra) {
		final LauncherRun r = LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + manifest + "',out='" + out + "'" +
			(extra.isEmpty() ? "" : "," + extra));
		return r.assertOneJsonObject();
	}

	static List<String> names(final JsonObject report, final String key) {
		final List<String> l = new ArrayList<>();
		final JsonArray a = report.getAsJsonArray(key);
		a.forEach(e -> l.add(e.getAsString()));
		return l;
	}

	static Map<String, Long> stampTimes(final File out) {
		final Map<String, Long> m = new TreeMap<>();
		for (final File d : out.listFiles(File::isDirectory)) {
			final File s = new File(d, Cohort.STAMP);
			if (s.isFile()) m.put(d.getName(), s.lastModified());
		}
		return m;
	}

	@Test
	void runResumeChangeCorruptAndShards(@TempDir final File dir) throws Exception {
		final int n = 5;
		final File manifest = cohort(dir, n, 12);
		final File out = new File(dir, "out");
		final List<String> all = Arrays.asList("s1", "s2_v2", "s3", "s4", "s5");

		// (a) every subject's rows, subjects sorted, each subject's rows in their own order
		final long t0 = System.nanoTime();
		JsonObject r = run(manifest, out, "threads=1");
		final double min1 = (System.nanoTime() - t0) / 60e9;
		assertEquals(all, names(r, "processed"));
		assertEquals(Collections.emptyList(), names(r, "failed"));
		final Csv combined = Csv.read(new File(out, SubjectAnalysis.CSV));
		final List<List<String>> expected = new ArrayList<>();
		for (final String s : all) {
			final Csv one = Csv.read(new File(new File(out, s), SubjectAnalysis.CSV));
			// the manifest has visits: the combined table splits the folder name into subject and visit
			final List<String> h = new ArrayList<>(one.header());
			assertEquals("subject", h.get(0));
			h.add(1, "visit");
			assertEquals(h, combined.header());
			assertEquals(2, one.rows().size(), s);
			for (final List<String> row : one.rows()) {
				assertEquals(s, row.get(0));
				final List<String> c = new ArrayList<>(row);
				c.set(0, s.replace("_v2", ""));
				c.add(1, s.equals("s2_v2") ? "v2" : "");
				expected.add(c);
			}
		}
		assertEquals(expected, combined.rows());
		assertEquals("subject,stage,message\n", new String(bytes(new File(out, Cohort.ERRORS)), StandardCharsets.UTF_8));
		final byte[] table = bytes(new File(out, SubjectAnalysis.CSV));
		assertFalse(new File(out, NeckAnalysis.CSV).exists(), "no femoral_neck.csv without a qct");

		// threads 2 from scratch (resume=false): the same bytes
		final File out2 = new File(dir, "out2");
		final long t2 = System.nanoTime();
		r = run(manifest, out2, "threads=2,resume=false");
		final double min2 = (System.nanoTime() - t2) / 60e9;
		assertEquals(all.size(), names(r, "processed").size());
		assertArrayEquals(table, bytes(new File(out2, SubjectAnalysis.CSV)));
		System.out.printf(java.util.Locale.ROOT, "cohort throughput (%d femur phantoms 96x72x12): threads 1 %.1f subjects/min, " +
			"threads 2 %.1f subjects/min%n", n, n / min1, n / min2);

		// (b) resume: nothing processed again, stamps untouched, same bytes
		final Map<String, Long> times = stampTimes(out);
		Thread.sleep(1100);
		r = run(manifest, out, "");
		assertEquals(Collections.emptyList(), names(r, "processed"));
		assertEquals(all, names(r, "skipped"));
		assertEquals(times, stampTimes(out));
		assertArrayEquals(table, bytes(new File(out, SubjectAnalysis.CSV)));

		// (c) one input changed: only that subject reruns; a stale file in its folder does not survive
		femur(new File(dir, "data/s3.nii.gz"), 33, 12);
		write(new File(out, "s3/stale.txt"), "old");
		r = run(manifest, out, "");
		assertEquals(Collections.singletonList("s3"), names(r, "processed"));
		assertFalse(new File(out, "s3/stale.txt").exists());
		final Map<String, Long> after = stampTimes(out);
		for (final String s : all)
			if (!s.equals("s3")) assertEquals(times.get(s), after.get(s), s);
		assertTrue(after.get("s3") > times.get("s3"));
		final byte[] table3 = bytes(new File(out, SubjectAnalysis.CSV));

		// (d) a truncated CT: its errors row (stage read), no stamp; the others complete
		final File bad = new File(dir, "data/s4.nii.gz");
		final byte[] full = bytes(bad);
		Files.write(bad.toPath(), Arrays.copyOf(full, full.length / 2));
		r = run(manifest, out, "");
		assertEquals(Collections.singletonList("s4"), names(r, "failed"));
		assertEquals(Collections.singletonList("s4"), names(r, "processed").isEmpty() ? names(r, "failed") : names(r, "processed"));
		assertEquals(Arrays.asList("s1", "s2_v2", "s3", "s5"), names(r, "skipped"));
		final Csv errors = Csv.read(new File(out, Cohort.ERRORS));
		assertEquals(1, errors.rows().size());
		assertEquals("s4", errors.rows().get(0).get(0));
		assertEquals(Cohort.READ, errors.rows().get(0).get(1));
		assertTrue(errors.rows().get(0).get(2).contains("s4.nii.gz"), errors.rows().get(0).get(2));
		assertFalse(new File(out, "s4/" + Cohort.STAMP).exists());
		final Csv partial = Csv.read(new File(out, SubjectAnalysis.CSV));
		assertEquals(8, partial.rows().size());
		for (final List<String> row : partial.rows())
			assertFalse(row.get(partial.header().indexOf("subject")).equals("s4"));
		final byte[] withError = bytes(new File(out, SubjectAnalysis.CSV)), errorBytes = bytes(new File(out, Cohort.ERRORS));

		// (e) two shards and a merge: the same bytes as one run
		final File sharded = new File(dir, "sharded");
		r = run(manifest, sharded, "shard='1/2'");
		assertEquals(Arrays.asList("s1", "s3", "s5"), names(r, "processed"));
		assertFalse(new File(sharded, SubjectAnalysis.CSV).exists());
		r = run(manifest, sharded, "shard='2/2'");
		assertEquals(Collections.singletonList("s2_v2"), names(r, "processed"));
		assertEquals(Collections.singletonList("s4"), names(r, "failed"));
		assertTrue(new File(sharded, "errors_shard_2_of_2.csv").isFile());
		r = run(manifest, sharded, "merge=true");
		assertArrayEquals(withError, bytes(new File(sharded, SubjectAnalysis.CSV)));
		assertArrayEquals(errorBytes, bytes(new File(sharded, Cohort.ERRORS)));
		assertTrue(table3.length > withError.length);
	}

	/** A subject with a QCT only and one with a CT only: femoral_neck.csv and marrow_regions.csv each hold their subject's rows. */
	@Test
	void qctSubjectAndProgressLines(@TempDir final File dir) throws Exception {
		final org.marrowj.phantom.HipOptions o = new org.marrowj.phantom.HipOptions();
		o.noiseSd_hu = 0;
		o.fieldCentre_mm = new double[] { 24, 1, -27 };
		o.spacing(2, 2, 2);
		o.size(51, 29, 54);
		Phantoms.write(Phantoms.hip(o), new File(dir, "data"), "hip");
		femur(new File(dir, "data/f.nii.gz"), 1, 8);
		final File manifest = new File(dir, "manifest.csv");
		write(manifest, "subject,ct,qct,slope_mgcm3_per_hu,intercept_mgcm3,weight_kg\n" + "h1,,data/hip.nii.gz,0.8,4,70\n" +
			"f1,data/f.nii.gz,,,,\n");
		final File out = new File(dir, "out");
		LauncherRun r = LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + manifest + "',out='" + out + "',side='left'");
		final JsonObject report = r.assertOneJsonObject();
		assertEquals(Arrays.asList("h1", "f1"), names(report, "processed"), report.toString());
		final String[] lines = r.err.trim().split("\n");
		assertEquals(2, lines.length, r.err);
		for (final String l : lines)
			assertTrue(l.matches("\\[[12]/2\\] (h1|f1): ok \\(elapsed .*subjects/min, ETA .*\\)"), l);
		assertArrayEquals(bytes(new File(out, "h1/" + NeckAnalysis.CSV)), bytes(new File(out, NeckAnalysis.CSV)));
		assertArrayEquals(bytes(new File(out, "f1/" + SubjectAnalysis.CSV)), bytes(new File(out, SubjectAnalysis.CSV)));
		final Csv neck = Csv.read(new File(out, NeckAnalysis.CSV));
		assertEquals(1, neck.rows().size());
		assertEquals("h1", neck.rows().get(0).get(neck.header().indexOf("subject")));
		assertEquals("left", neck.rows().get(0).get(neck.header().indexOf("side")));
		// resumed: a complete QCT subject needs its femoral_neck.csv
		Files.delete(new File(out, "h1/" + NeckAnalysis.CSV).toPath());
		r = LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + manifest + "',out='" + out + "',side='left'");
		assertEquals(Collections.singletonList("h1"), names(r.assertOneJsonObject(), "processed"));
		assertTrue(r.err.contains("f1: skipped (complete)"), r.err);
		// the calibration and weight as cohort defaults instead of manifest columns: the same table
		final File m2 = new File(dir, "manifest2.csv");
		write(m2, "subject,qct\nh1,data/hip.nii.gz\n");
		final File out2 = new File(dir, "out2");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + m2 + "',out='" + out2 + "',side='left'," +
			"slope_mgcm3_per_hu='0.8',intercept_mgcm3='4',weight_kg='70'").assertOneJsonObject();
		assertArrayEquals(bytes(new File(out, NeckAnalysis.CSV)), bytes(new File(out2, NeckAnalysis.CSV)));
	}

	/** A PET subject gives the same marrow table as Analyze Subject with the same parameters; a PET subject without a dose fails at stage pet. */
	@Test
	void petSubjectMatchesAnalyzeSubject(@TempDir final File dir) throws Exception {
		final org.marrowj.phantom.PetCtOptions o = new org.marrowj.phantom.PetCtOptions();
		o.ct.outerRadius_mm = 24;
		o.ct.innerRadius_mm = 17;
		o.ct.nz = 16;
		o.fwhm_mm = 6;
		Phantoms.write(Phantoms.petct(o), new File(dir, "data"), "pc");
		femur(new File(dir, "data/f.nii.gz"), 1, 8);
		final String suv = "2024-01-15 09:30:00,2024-01-15 10:30:00," + o.halfLife_s;
		final File manifest = new File(dir, "manifest.csv");
		write(manifest, "subject,ct,pet,margin_mm,dose_mbq,weight_kg,injection_time,scan_time,half_life_s\n" +
			"p1,data/pc.nii.gz,data/pc_pet.nii.gz,7," + o.dose_bq / 1e6 + "," + o.weight_kg + "," + suv + "\n" +
			"p2,data/pc.nii.gz,data/pc_pet.nii.gz,7,,,,,\n" + "f1,data/f.nii.gz,,,,,,,\n");
		final File out = new File(dir, "out");
		final JsonObject report = run(manifest, out, "site='femoral_shaft'");
		assertEquals(Collections.singletonList("p2"), names(report, "failed"));
		final Csv errors = Csv.read(new File(out, Cohort.ERRORS));
		assertEquals(Arrays.asList("p2", Cohort.PET), errors.rows().get(0).subList(0, 2));
		assertTrue(errors.rows().get(0).get(2).contains("dose_mbq"), errors.rows().get(0).get(2));
		final File single = new File(dir, "single");
		LauncherRun.inProcess("--run", "Analyze Subject", "ct='" + new File(dir, "data/pc.nii.gz") + "',pet='" + new File(dir,
			"data/pc_pet.nii.gz") + "',site='femoral_shaft',margin_mm='7',dose_mbq='" + o.dose_bq / 1e6 + "',weight_kg='" + o.weight_kg +
			"',injection_time='2024-01-15 09:30:00',scan_time='2024-01-15 10:30:00',half_life_s='" + o.halfLife_s + "',subject='p1'," +
			"out='" + single + "'").assertOneJsonObject();
		assertArrayEquals(bytes(new File(single, SubjectAnalysis.CSV)), bytes(new File(out, "p1/" + SubjectAnalysis.CSV)));
		// the SUV values as cohort defaults: p2 (no cells) now gets p1's numbers
		final File withDefaults = new File(dir, "defaults");
		final JsonObject d = run(manifest, withDefaults, "site='femoral_shaft',dose_mbq='" + o.dose_bq / 1e6 + "',weight_kg='" +
			o.weight_kg + "',injection_time='2024-01-15 09:30:00',scan_time='2024-01-15 10:30:00',half_life_s='" + o.halfLife_s + "'");
		assertEquals(Collections.emptyList(), names(d, "failed"), d.toString());
		assertEquals(new String(bytes(new File(out, "p1/" + SubjectAnalysis.CSV)), StandardCharsets.UTF_8).replace("\np1,", "\np2,"),
			new String(bytes(new File(withDefaults, "p2/" + SubjectAnalysis.CSV)), StandardCharsets.UTF_8));
		// the combined header: the PET subject's columns (a superset of the CT-only subject's)
		final Csv pet = Csv.read(new File(out, "p1/" + SubjectAnalysis.CSV)), ct = Csv.read(new File(out, "f1/" + SubjectAnalysis.CSV));
		final Csv all = Csv.read(new File(out, SubjectAnalysis.CSV));
		assertTrue(pet.header().containsAll(ct.header()) && pet.header().size() > ct.header().size());
		final java.util.LinkedHashSet<String> union = new java.util.LinkedHashSet<>(ct.header());
		union.addAll(pet.header());
		assertEquals(new ArrayList<>(union), all.header());
		assertEquals(4, all.rows().size());
		for (int i = 0; i < 2; i++)
			for (int c = 0; c < all.header().size(); c++) {
				final int k = ct.header().indexOf(all.header().get(c));
				assertEquals(k < 0 ? "" : ct.rows().get(i).get(k), all.rows().get(i).get(c));
				assertEquals(pet.rows().get(i).get(pet.header().indexOf(all.header().get(c))), all.rows().get(2 + i).get(c));
			}
	}

	@Test
	void manifestErrorsNameTheColumnOrLine(@TempDir final File dir) throws Exception {
		final File m = new File(dir, "m.csv");
		write(m, "subject,ct,wieght_kg\ns1,a.nii.gz,70\n");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + m + "',out='" + new File(dir, "o") + "'").assertFailure(
			Main.BAD_INPUT, "wieght_kg", "m.csv");
		write(m, "ct\na.nii.gz\n");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + m + "',out='" + new File(dir, "o") + "'").assertFailure(
			Main.BAD_INPUT, "subject");
		write(m, "subject,ct\ns1,a.nii.gz\ns1,b.nii.gz\n");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + m + "',out='" + new File(dir, "o") + "'").assertFailure(
			Main.BAD_INPUT, "s1", "twice");
		write(m, "subject,ct\ns1,a.nii.gz\n");
		LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + m + "',out='" + new File(dir, "o") + "',shard='3/2'")
			.assertFailure(Main.BAD_INPUT, "shard");
		// a bad cohort default is refused once, before any subject runs or the output folder is made
		for (final String[] bad : new String[][] { { "weight_kg='seventy'", "weight_kg" }, { "sex='X'", "sex" }, {
			"injection_time='25:99'", "injection_time" }, { "lc='none'", "lc" }, { "slope_mgcm3_per_hu='0.8'", "intercept_mgcm3" }, {
				"calibration='" + m + "',intercept_mgcm3='4',slope_mgcm3_per_hu='0.8'", "calibration" } })
			LauncherRun.inProcess("--run", "Analyze Cohort", "manifest='" + m + "',out='" + new File(dir, "o2") + "'," + bad[0])
				.assertFailure(Main.BAD_INPUT, bad[1]);
		assertFalse(new File(dir, "o2").exists());
	}

	/** (f) a launcher process killed with SIGKILL mid-run, then resumed: the same bytes as an uninterrupted run. */
	@Test
	void killedRunResumesToTheSameBytes(@TempDir final File dir) throws Exception {
		assumeTrue(SCRIPT.canExecute(), "bin/marrowj not found");
		final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		assumeTrue(cp != null && cp.contains("scijava-common"), "no usable test class path");
		final int n = 6;
		final File manifest = cohort(dir, n, 20);
		final File whole = new File(dir, "whole"), killed = new File(dir, "killed");
		run(manifest, whole, "");

		// killed once after the first stamp, then again during the resumed run after two more
		final Map<String, Long> first = startAndKill(dir, cp, manifest, killed, 1);
		assertTrue(first.size() >= 1 && first.size() < n, "killed with " + first.size() + " of " + n + " subjects stamped");
		assertFalse(new File(killed, SubjectAnalysis.CSV).exists(), "no combined table from the killed run");
		final Map<String, Long> second = startAndKill(dir, cp, manifest, killed, first.size() + 2);
		for (final String s : first.keySet())
			assertEquals(first.get(s), second.get(s), s + " not processed again by the second run");
		final Map<String, Long> before = second;
		assertTrue(before.size() > first.size() && before.size() < n, "killed with " + before.size() + " of " + n + " subjects stamped");
		// nothing looks complete while partial: every stamp has its table
		for (final String s : before.keySet())
			assertTrue(new File(new File(killed, s), SubjectAnalysis.CSV).isFile(), s);

		final JsonObject r = run(manifest, killed, "");
		assertEquals(new ArrayList<>(before.keySet()), names(r, "skipped"), "stamped subjects are not processed twice");
		assertEquals(n - before.size(), names(r, "processed").size());
		final Map<String, Long> resumed = stampTimes(killed);
		for (final String s : before.keySet())
			assertEquals(before.get(s), resumed.get(s), s);
		assertArrayEquals(bytes(new File(whole, SubjectAnalysis.CSV)), bytes(new File(killed, SubjectAnalysis.CSV)));
		assertArrayEquals(bytes(new File(whole, Cohort.ERRORS)), bytes(new File(killed, Cohort.ERRORS)));
		System.out.println("killed after " + before.size() + " of " + n + " subjects; resumed " + names(r, "processed"));
	}

	/** Starts bin/marrowj --run "Analyze Cohort", kills it (SIGKILL) once {@code minStamps} stamps exist; returns the stamps. */
	static Map<String, Long> startAndKill(final File dir, final String cp, final File manifest, final File out, final int minStamps)
		throws Exception
	{
		final ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.getPath(), "--run", "Analyze Cohort", "manifest='" + manifest +
			"',out='" + out + "'").directory(dir).redirectOutput(new File(dir, "stdout.txt")).redirectError(new File(dir,
				"stderr.txt"));
		pb.environment().put("MARROWJ_CLASSPATH", cp);
		pb.environment().remove("MARROWJ_DEBUG");
		if (System.getProperty("java.home") != null) pb.environment().put("JAVA", new File(System.getProperty("java.home"),
			"bin/java").getPath());
		final Process p = pb.start();
		final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
		while (System.nanoTime() < deadline && p.isAlive()) {
			if (out.isDirectory() && stampTimes(out).size() >= minStamps) break;
			Thread.sleep(5);
		}
		// the launcher's java (child of the script, or the script itself after exec) and the script
		p.descendants().forEach(ProcessHandle::destroyForcibly);
		p.destroyForcibly();
		assertTrue(p.waitFor(30, TimeUnit.SECONDS));
		Thread.sleep(100);
		return stampTimes(out);
	}
}
