package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.io.AtomicFiles;
import org.marrowj.io.Csv;

/** {@link CohortReport} on a hand-built cohort folder: cards, badges, numbers, escaping, links, determinism. */
class CohortReportTest {

	static final String HOSTILE_MESSAGE = "data/s04.nii.gz: <script>alert(\"x\")</script> & 'q'";
	static final String HOSTILE_SUBJECT = "<b>evil</b>&\"";

	static void text(final File f, final String s) throws Exception {
		Files.createDirectories(f.getParentFile().toPath());
		Files.write(f.toPath(), s.getBytes(StandardCharsets.UTF_8));
	}

	static void png(final File f) throws Exception {
		Files.createDirectories(f.getParentFile().toPath());
		final BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
		img.setRGB(0, 0, 0x808080);
		assertTrue(ImageIO.write(img, "png", f));
	}

	/** s01 ok (marrow + neck), s02_v2 check (PET columns), "s05 #" ok, s06 stamped without tables, s03 neither stamped nor failed, two failures. */
	static File build(final File dir) throws Exception {
		final File out = new File(dir, "out");
		text(new File(out, "s01/" + SubjectAnalysis.CSV), "subject,site,region,label,side,level,voxels,volume_ml,hu_mean,hu_sd,status\n" +
			"s01,femoral_shaft,femoral_shaft_left,,left,,100,12.5,-50.5,20.25,ok\n" +
			"s01,femoral_shaft,femoral_shaft_right,,right,,120,15.25,10.25,30.5,ok\n");
		text(new File(out, "s01/" + NeckAnalysis.CSV), "subject,side,status,fnw_mm,vbmd_total_mgcm3,section_modulus_mm3," +
			"hsa_buckling_ratio\ns01,left,ok,31.25,287.5,901.75,9.875\n");
		png(new File(out, "s01/qc/overview.png"));
		png(new File(out, "s01/qc/femoral_neck_section_left.png"));
		text(new File(out, "s01/" + Cohort.STAMP), "{}\n");
		text(new File(out, "s02_v2/" + SubjectAnalysis.CSV), "subject,region,volume_ml,hu_mean,hu_sd,suv_mean,suv_peak,status\n" +
			"s02_v2,T12,20,100,10,1.5,2.75,check: seed outside the body\n" + "s02_v2,L1,30,300,30,2.5,3.25,ok\n");
		png(new File(out, "s02_v2/qc/overview.png"));
		png(new File(out, "s02_v2/qc/pet_fusion_coronal.png"));
		text(new File(out, "s02_v2/" + Cohort.STAMP), "{}\n");
		text(new File(out, "s05 #/" + SubjectAnalysis.CSV), "subject,region,volume_ml,hu_mean,hu_sd,status\ns05,x,1,2,3,ok\n");
		png(new File(out, "s05 #/qc/overview.png"));
		text(new File(out, "s05 #/" + Cohort.STAMP), "{}\n");
		text(new File(out, "s06/" + Cohort.STAMP), "{}\n");
		// complete tables but no stamp and no errors row: not a subject of the page
		text(new File(out, "s03/" + SubjectAnalysis.CSV), "subject,region,volume_ml,hu_mean,hu_sd,status\ns03,x,1,777777,3,ok\n");
		png(new File(out, "s03/qc/overview.png"));
		final Csv err = new Csv(Cohort.ERROR_COLUMNS);
		err.addCells(Arrays.asList("s04", Cohort.READ, HOSTILE_MESSAGE));
		err.addCells(Arrays.asList(HOSTILE_SUBJECT, Cohort.INTERNAL, "boom"));
		// a stamped subject in the errors table keeps its stamped card
		err.addCells(Arrays.asList("s01", Cohort.SEGMENT, "stale error"));
		err.write(new File(out, Cohort.ERRORS));
		return out;
	}

	/** The opening tags of the cards, in page order. */
	static List<String> cards(final String html) {
		final List<String> l = new ArrayList<>();
		final Matcher m = Pattern.compile("<section class=\"card[^>]*>").matcher(html);
		while (m.find())
			l.add(m.group());
		return l;
	}

	static String attr(final String tag, final String name) {
		final Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
		return m.find() ? m.group(1) : null;
	}

	/** The HTML of the card whose data-subject is {@code escapedName}. */
	static String card(final String html, final String escapedName) {
		final int i = html.indexOf("data-subject=\"" + escapedName + "\"");
		assertTrue(i >= 0, escapedName);
		return html.substring(i, html.indexOf("</section>", i));
	}

	@Test
	void cardsNumbersEscapingAndDeterminism(@TempDir final File dir) throws Exception {
		final File out = build(dir);
		final File page = CohortReport.write(out);
		assertEquals(new File(out, CohortReport.HTML), page);
		final byte[] bytes = Files.readAllBytes(page.toPath());
		final String html = new String(bytes, StandardCharsets.UTF_8);

		// one card per stamped folder and per failure, in Java String order of the folder names; s03 absent
		final List<String> tags = cards(html);
		final List<String> subjects = new ArrayList<>(), status = new ArrayList<>();
		for (final String t : tags) {
			subjects.add(attr(t, "data-subject"));
			status.add(attr(t, "data-status"));
		}
		assertEquals(Arrays.asList(CohortReport.esc(HOSTILE_SUBJECT), "s01", "s02_v2", "s04", "s05 #", "s06"), subjects);
		assertEquals(Arrays.asList("failed", "ok", "check", "failed", "ok", "check"), status);
		assertFalse(html.contains("s03"), "an unstamped folder without an errors row has no card");
		assertFalse(html.contains("777777"));
		assertFalse(html.contains("stale error"));
		assertTrue(html.contains("<p id=\"summary\">6 subjects: <span class=\"ok\">2 ok</span>, <span class=\"check\">2 check</span>, " +
			"<span class=\"failed\">2 failed</span> &middot; MarrowJ " + Provenance.version()), html);
		assertTrue(html.contains("<span id=\"count\">showing 6 of 6</span>"));

		// the failed card: stage and escaped message in red, no pictures, no table
		final String s04 = card(html, "s04");
		assertTrue(s04.contains("<p class=\"error\"><b>read</b>: data/s04.nii.gz: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; " +
			"&amp; &#39;q&#39;</p>"), s04);
		assertFalse(s04.contains("<img") || s04.contains("<table"), s04);
		// the hostile subject: escaped in the attribute and the heading; no markup of it survives
		final String evil = card(html, "&lt;b&gt;evil&lt;/b&gt;&amp;&quot;");
		assertTrue(evil.contains("</span> &lt;b&gt;evil&lt;/b&gt;&amp;&quot;</h2>"), evil);
		assertTrue(evil.contains("<b>internal</b>: boom"), evil);
		assertFalse(html.contains("<b>evil"));
		assertEquals(1, html.split("<script>", -1).length - 1, "the page's own script only");
		assertFalse(html.contains("alert(\""));

		// numbers as in the CSVs, data keys = min / mean / sum / max over regions (exact in binary)
		final String s01 = card(html, "s01");
		// shown rounded (volume 2 decimals, HU 1, FNW and vBMD 1, Z 0, ratios and SUV 2; half up), the exact value as tooltip
		for (final String v : Arrays.asList("<td>femoral_shaft_left</td>" + n("12.5", "12.50") + n("-50.5", "-50.5") + n("20.25", "20.3") +
			"<td>ok</td>", "<td>femoral_shaft_right</td>" + n("15.25", "15.25") + n("10.25", "10.3") + n("30.5", "30.5") + "<td>ok</td>",
			"<td>left</td>" + n("31.25", "31.3") + n("287.5", "287.5") + n("901.75", "902") + n("9.875", "9.88") + "<td>ok</td>"))
			assertTrue(s01.contains(v), v + " in " + s01);
		assertTrue(s01.contains("<th>region</th><th>volume (mL)</th><th>mean (HU)</th><th>SD (HU)</th><th>status</th>"), s01);
		assertTrue(s01.contains("<th>FNW (mm)</th><th>vBMD (mg/cm\u00b3)</th><th>Z (mm\u00b3)</th><th>BR (HSA)</th>"), s01);
		final String t01 = tags.get(1);
		assertEquals("-50.5", attr(t01, "data-hu_mean_min"));
		assertEquals("-20.125", attr(t01, "data-hu_mean"));
		assertEquals("25.375", attr(t01, "data-hu_sd"));
		assertEquals("27.75", attr(t01, "data-volume_ml"));
		assertEquals("31.25", attr(t01, "data-fnw_mm"));
		assertEquals("287.5", attr(t01, "data-vbmd_total_mgcm3"));
		assertEquals("901.75", attr(t01, "data-section_modulus_mm3"));
		assertEquals(null, attr(t01, "data-suv_mean"));
		assertEquals("femoral_shaft_left femoral_shaft_right", attr(t01, "data-regions"));
		final String t02 = tags.get(2);
		assertEquals("2", attr(t02, "data-suv_mean"));
		assertEquals("3.25", attr(t02, "data-suv_peak"));
		assertEquals("200", attr(t02, "data-hu_mean"));
		final String s02 = card(html, "s02_v2");
		assertTrue(s02.contains("<th>SUV mean</th><th>SUV peak</th>"), s02);
		assertTrue(s02.contains("<td>T12</td>" + n("20", "20.00") + n("100", "100.0") + n("10", "10.0") + n("1.5", "1.50") + n("2.75",
			"2.75") + "<td class=\"bad\">check: seed outside the body</td>"), s02);
		assertTrue(card(html, "s06").contains("<p class=\"note\">no marrow_regions.csv and no femoral_neck.csv</p>"));

		// thumbnails: relative links (path segments percent-encoded) to the pictures that exist
		assertTrue(s01.contains("<a href=\"s01/qc/overview.png\"><img src=\"s01/qc/overview.png\" loading=\"lazy\" " +
			"alt=\"s01 overview\"></a>"), s01);
		assertTrue(s01.contains("<img src=\"s01/qc/femoral_neck_section_left.png\""), s01);
		assertFalse(s01.contains("pet_fusion"));
		assertTrue(s02.contains("<img src=\"s02_v2/qc/overview.png\"") && s02.contains("<img src=\"s02_v2/qc/pet_fusion_coronal.png\""));
		assertTrue(card(html, "s05 #").contains("<a href=\"s05%20%23/qc/overview.png\"><img src=\"s05%20%23/qc/overview.png\""));
		final Matcher src = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
		int images = 0;
		while (src.find()) {
			images++;
			assertTrue(new File(out, java.net.URLDecoder.decode(src.group(1).replace("+", "%2B"), "UTF-8")).isFile(), src.group(1));
		}
		assertEquals(5, images);
		assertEquals("s%20%23%C3%A9%2F", CohortReport.url("s #\u00e9/"));

		// links to the cohort tables that exist; no external resources
		assertTrue(html.contains("<a href=\"errors.csv\">errors.csv</a>"));
		assertFalse(html.contains("<a href=\"marrow_regions.csv\""));
		assertFalse(html.contains("http:") || html.contains("https:") || html.contains("//cdn"));

		// deterministic: a second write, and the explicit list of stamped folders, give the same bytes
		Thread.sleep(20);
		assertArrayEquals(bytes, Files.readAllBytes(CohortReport.write(out).toPath()));
		assertArrayEquals(bytes, Files.readAllBytes(CohortReport.write(out, Arrays.asList("s06", "s05 #", "s02_v2", "s01")).toPath()));
		// the given list decides which stamped folders have a card
		final String fewer = CohortReport.html(out, Collections.singletonList("s02_v2"));
		assertEquals(4, cards(fewer).size());
		assertTrue(card(fewer, "s01").contains("<b>segment</b>: stale error"), "not given: its errors row makes its card");
		assertEquals(0, out.listFiles((d, n) -> n.startsWith("." + CohortReport.HTML)).length, "no temporary file left");
	}

	/** Cohort.run (full) and merge write the page and list it; failures of the run have failed cards. */
	@Test
	void cohortRunAndMergeWriteThePage(@TempDir final File dir) throws Exception {
		Files.write(new File(dir, "a.txt").toPath(), "x".getBytes(StandardCharsets.UTF_8));
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = CohortUnitTest.manifest(dir, "subject,ct\nb,missing.txt\na,a.txt\n");
		s.out = new File(dir, "out");
		final Cohort.SubjectRunner runner = (x, out, stage, l) -> {
			if (!x.files.get("ct").isFile()) throw new org.marrowj.BadInputException(x.files.get("ct"), "no such <file>");
			AtomicFiles.writeText(new File(out, SubjectAnalysis.CSV), "subject,region,volume_ml,hu_mean,hu_sd,status\n" + x.name +
				",r,1,2,3,ok\n");
		};
		final Cohort.Result r = Cohort.run(s, runner, null);
		assertEquals(Collections.singletonList("b"), r.failed);
		assertTrue(r.files.contains(CohortReport.HTML), r.files.toString());
		final File page = new File(s.out, CohortReport.HTML);
		final String html = new String(Files.readAllBytes(page.toPath()), StandardCharsets.UTF_8);
		final List<String> tags = cards(html);
		assertEquals(2, tags.size());
		assertEquals(Arrays.asList("a", "ok"), Arrays.asList(attr(tags.get(0), "data-subject"), attr(tags.get(0), "data-status")));
		assertEquals(Arrays.asList("b", "failed"), Arrays.asList(attr(tags.get(1), "data-subject"), attr(tags.get(1), "data-status")));
		final String msg = Csv.read(new File(s.out, Cohort.ERRORS)).rows().get(0).get(2);
		assertTrue(msg.contains("missing.txt: no such <file>"), msg);
		assertTrue(card(html, "b").contains("<b>read</b>: " + CohortReport.esc(msg) + "</p>"));
		// two shards write no page; their merge writes the same page as the full run
		s.out = new File(dir, "sharded");
		for (final String sh : Arrays.asList("1/2", "2/2")) {
			s.shard = sh;
			assertFalse(Cohort.run(s, runner, null).files.contains(CohortReport.HTML));
			assertFalse(new File(s.out, CohortReport.HTML).exists());
		}
		s.merge = true;
		final Cohort.Result m = Cohort.run(s, runner, null);
		assertTrue(m.files.contains(CohortReport.HTML), m.files.toString());
		assertArrayEquals(Files.readAllBytes(page.toPath()), Files.readAllBytes(new File(s.out, CohortReport.HTML).toPath()));
	}

	/** A number cell: {@code shown} with the table's exact value as its tooltip. */
	private static String n(final String exact, final String shown) {
		return "<td title=\"" + exact + "\">" + shown + "</td>";
	}

	@Test
	void numbersAreRoundedHalfUpAndTextIsKept() {
		assertEquals("-0.1", CohortReport.rounded("-0.05", 1));
		assertEquals("0.0", CohortReport.rounded("-0.04", 1));
		assertEquals("0.000015", CohortReport.rounded("1.5E-5", 6));
		assertEquals("1235", CohortReport.rounded("1234.5", 0));
		assertEquals(null, CohortReport.rounded("", 1));
		assertEquals(null, CohortReport.rounded("NaN", 1));
		assertEquals(null, CohortReport.rounded("left", 1));
		assertEquals(null, CohortReport.rounded("12.5", -1));
	}
}
