package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.io.AtomicFiles;

/** {@link Cohort} with a stand-in subject runner: header union, stages of failures, cancellation, progress lines, stamps. */
class CohortUnitTest {

	static File manifest(final File dir, final String text) throws Exception {
		final File m = new File(dir, "m.csv");
		Files.write(m.toPath(), text.getBytes(StandardCharsets.UTF_8));
		return m;
	}

	static String read(final File f) throws Exception {
		return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
	}

	/** A merge-only run over {@code out} (no manifest). */
	static Cohort.Result merge(final File out) {
		final Cohort.Settings m = new Cohort.Settings();
		m.out = out;
		m.merge = true;
		return Cohort.run(m, null, null);
	}

	/** Writes a marrow table "subject,<columns of the ct file's text>" with one row. */
	static final Cohort.SubjectRunner TABLE = (s, out, stage, l) -> {
		final String cols = read(s.files.get("ct")).trim();
		final StringBuilder row = new StringBuilder(s.name);
		for (final String c : cols.split(","))
			row.append(',').append(c).append('_').append(s.name);
		AtomicFiles.writeText(new File(out, SubjectAnalysis.CSV), "subject," + cols + "\n" + row + "\n");
	};

	@Test
	void headerIsTheUnionInFirstAppearanceOrder(@TempDir final File dir) throws Exception {
		Files.write(new File(dir, "a.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		Files.write(new File(dir, "b.txt").toPath(), "y,x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		// manifest order b then a; the combined table sorts subjects by name
		s.manifest = manifest(dir, "subject,ct\nb,b.txt\na,a.txt\n");
		s.out = new File(dir, "out");
		final List<String> lines = Collections.synchronizedList(new ArrayList<>());
		final Cohort.Result r = Cohort.run(s, TABLE, lines::add);
		assertEquals(Arrays.asList("b", "a"), r.processed);
		assertEquals("subject,x,y\na,x_a,\nb,x_b,y_b\n", read(new File(s.out, SubjectAnalysis.CSV)));
		assertEquals(2, lines.size());
		assertTrue(lines.get(0).matches("\\[1/2\\] [ab]: ok \\(elapsed .* s, .* subjects/min, ETA .* s\\)"), lines.get(0));
		// the stamp: the parameters and the SHA-256 of the input
		final String stamp = read(new File(s.out, "a/" + Cohort.STAMP));
		assertTrue(stamp.contains("\"ct\": \"a.txt\""), stamp);
		// SHA-256("x")
		assertTrue(stamp.contains("2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"), stamp);
		lines.clear();
		final Cohort.Result again = Cohort.run(s, TABLE, lines::add);
		assertEquals(Arrays.asList("b", "a"), again.skipped);
		assertTrue(lines.get(0).contains(": skipped (complete)"), lines.get(0));
		// a default that changes a parameter reruns every subject
		s.defaults.put("cortical_hu", "401");
		assertEquals(2, Cohort.run(s, TABLE, null).processed.size());
		// a subject taken out of the manifest leaves the combined table; merge without a manifest takes every stamped folder
		s.manifest = manifest(dir, "subject,ct\na,a.txt\n");
		assertEquals(Collections.singletonList("a"), Cohort.run(s, TABLE, null).skipped);
		assertEquals("subject,x\na,x_a\n", read(new File(s.out, SubjectAnalysis.CSV)));
		s.merge = true;
		assertEquals(Collections.singletonList("a"), Cohort.run(s, TABLE, null).skipped);
		s.manifest = null;
		assertEquals(Arrays.asList("a", "b"), Cohort.run(s, TABLE, null).skipped);
		assertEquals("subject,x,y\na,x_a,\nb,x_b,y_b\n", read(new File(s.out, SubjectAnalysis.CSV)));
	}

	@Test
	void failuresNameTheirStage(@TempDir final File dir) throws Exception {
		for (final String n : new String[] { "a", "b", "c", "d" })
			Files.write(new File(dir, n + ".txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest(dir, "subject,ct\na,a.txt\nb,b.txt\nc,c.txt\nd,d.txt\n");
		s.out = new File(dir, "out");
		s.threads = 2;
		final Cohort.Result r = Cohort.run(s, (sub, out, stage, l) -> {
			switch (sub.name) {
				case "a":
					stage.set(Cohort.SEGMENT);
					throw new BadInputException("ct", "no bone\nat all");
				case "b":
					stage.set(Cohort.PET);
					throw new IllegalStateException("broken");
				case "c":
					AtomicFiles.writeText(new File(out, "partial.txt"), "half");
					stage.set(Cohort.WRITE);
					throw new java.io.IOException("disk full");
				default:
					TABLE.run(sub, out, stage, l);
			}
		}, null);
		assertEquals(Arrays.asList("a", "b", "c"), new ArrayList<>(new java.util.TreeSet<>(r.failed)));
		assertEquals("subject,stage,message\n" + "a,segment,ct: no bone at all\n" +
			"b,internal,internal error in pet: IllegalStateException: broken\n" + "c,write,cannot write: disk full\n", read(new File(
				s.out, Cohort.ERRORS)));
		assertFalse(new File(s.out, "c/" + Cohort.STAMP).exists());
		assertEquals("subject,x\nd,x_d\n", read(new File(s.out, SubjectAnalysis.CSV)));
	}

	@Test
	void anInputInsideItsOwnOutputFolderIsNeverDeleted(@TempDir final File dir) throws Exception {
		final File out = new File(dir, "out");
		final File input = new File(out, "a/ct.txt");
		Files.createDirectories(input.getParentFile().toPath());
		Files.write(input.toPath(), "x".getBytes(StandardCharsets.UTF_8));
		Files.write(new File(dir, "b.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest(dir, "subject,ct\na,out/a/ct.txt\nb,b.txt\n");
		s.out = out;
		final Cohort.Result r = Cohort.run(s, TABLE, null);
		assertEquals(Arrays.asList("a"), r.failed);
		assertEquals(Arrays.asList("b"), r.processed);
		assertTrue(input.isFile(), "the input was deleted");
		assertTrue(read(new File(out, Cohort.ERRORS)).startsWith("subject,stage,message\na,read,\"ct: " + input.getPath() +
			" lies inside the subject's output folder"), read(new File(out, Cohort.ERRORS)));
	}

	@Test
	void cancelledRunWritesNoCombinedTable(@TempDir final File dir) throws Exception {
		Files.write(new File(dir, "a.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest(dir, "subject,ct\na,a.txt\nb,a.txt\nc,a.txt\n");
		s.out = new File(dir, "out");
		final AtomicInteger done = new AtomicInteger();
		assertThrows(CancellationException.class, () -> Cohort.run(s, TABLE, new Cohort.Listener() {

			@Override
			public void subjectDone(final String line) {
				done.incrementAndGet();
			}

			@Override
			public boolean isCanceled() {
				return done.get() >= 1;
			}
		}));
		assertEquals(1, done.get());
		assertTrue(new File(s.out, "a/" + Cohort.STAMP).isFile());
		assertFalse(new File(s.out, "b").exists());
		assertFalse(new File(s.out, SubjectAnalysis.CSV).exists());
		// resumed: a is skipped
		assertEquals(Arrays.asList("b", "c"), Cohort.run(s, TABLE, null).processed);
	}

	@Test
	void shardsTakeEveryNthSubject(@TempDir final File dir) throws Exception {
		Files.write(new File(dir, "a.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest(dir, "subject,ct\ns1,a.txt\ns2,a.txt\ns3,a.txt\ns4,a.txt\ns5,a.txt\n");
		s.out = new File(dir, "out");
		s.shard = "2/3";
		assertEquals(Arrays.asList("s2", "s5"), Cohort.run(s, TABLE, null).processed);
		assertTrue(new File(s.out, "errors_shard_2_of_3.csv").isFile());
		assertThrows(BadInputException.class, () -> Cohort.parseShard("0/3"));
		assertThrows(BadInputException.class, () -> Cohort.parseShard("2"));
	}

	@Test
	void mergeAfterAFullRunKeepsItsErrorsAndDropsThoseNowComplete(@TempDir final File dir) throws Exception {
		Files.write(new File(dir, "a.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest(dir, "subject,ct\ns1,a.txt\ns2,a.txt\ns3,a.txt\n");
		s.out = new File(dir, "out");
		final Cohort.SubjectRunner s2Fails = (sub, out, stage, l) -> {
			if (sub.name.equals("s2")) throw new BadInputException("ct", "unreadable");
			TABLE.run(sub, out, stage, l);
		};
		Cohort.run(s, s2Fails, null);
		final String errors = read(new File(s.out, Cohort.ERRORS));
		assertEquals("subject,stage,message\ns2,read,ct: unreadable\n", errors);
		final String table = read(new File(s.out, SubjectAnalysis.CSV));
		merge(s.out);
		assertEquals(errors, read(new File(s.out, Cohort.ERRORS)));
		assertEquals(table, read(new File(s.out, SubjectAnalysis.CSV)));
		assertTrue(read(new File(s.out, CohortReport.HTML)).contains("ct: unreadable"));
		// s2 fixed by a resumed run: a later merge no longer lists it
		Cohort.run(s, TABLE, null);
		merge(s.out);
		assertEquals("subject,stage,message\n", read(new File(s.out, Cohort.ERRORS)));
	}

	@Test
	void visitsGiveSubjectAndVisitColumnsSortedBySubjectThenVisit(@TempDir final File dir) throws Exception {
		Files.write(new File(dir, "a.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		// folder names a_v1, a_v2, a0, b_v1: by folder name a0 would come first ('0' < '_'), by subject it comes after a
		s.manifest = manifest(dir, "subject,visit,ct\nb,v1,a.txt\na,v2,a.txt\na0,,a.txt\na,v1,a.txt\n");
		s.out = new File(dir, "out");
		Cohort.run(s, TABLE, null);
		assertEquals("subject,visit,x\na,v1,x_a_v1\na,v2,x_a_v2\na0,,x_a0\nb,v1,x_b_v1\n", read(new File(s.out,
			SubjectAnalysis.CSV)));
		// each folder's own table names the subject by its folder
		assertEquals("subject,x\na_v2,x_a_v2\n", read(new File(s.out, "a_v2/" + SubjectAnalysis.CSV)));
		// merge reads subject and visit from the stamps: the same bytes
		final String combined = read(new File(s.out, SubjectAnalysis.CSV));
		merge(s.out);
		assertEquals(combined, read(new File(s.out, SubjectAnalysis.CSV)));
		// two rows of one subject and visit are refused, with what to do
		s.manifest = manifest(dir, "subject,visit,ct\na,v1,a.txt\na,v1,a.txt\n");
		final BadInputException e = assertThrows(BadInputException.class, () -> Cohort.run(s, TABLE, null));
		assertTrue(e.getMessage().contains("line 3: subject 'a_v1' appears twice") && e.getMessage().contains("v1_fdg"), e
			.getMessage());
	}
}
