package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.command.CohortSubjects;
import org.marrowj.io.Csv;

/**
 * The QC page of a real phantom cohort (three femur subjects and one with a corrupt CT) as headless
 * Chromium renders it: the cards after the page's script ran, the URL fragment's filter and sort, a
 * screenshot that is not blank.
 */
class CohortReportBrowserTest {

	/** The browser: system property marrowj.chromium, else environment MARROWJ_CHROMIUM, else /usr/bin/chromium. */
	static File chromium() {
		String p = System.getProperty("marrowj.chromium");
		if (p == null || p.isEmpty()) p = System.getenv("MARROWJ_CHROMIUM");
		if (p == null || p.isEmpty()) p = "/usr/bin/chromium";
		final File f = new File(p);
		if (!f.canExecute()) fail("no Chromium at " + f + ": install Debian's 'chromium' package (apt-get install chromium), or " +
			"name the browser with -Dmarrowj.chromium=... or MARROWJ_CHROMIUM");
		return f;
	}

	/** Runs headless Chromium with {@code args} (60 s at most); returns its standard output. */
	static String browser(final File work, final String... args) throws Exception {
		final File profile = Files.createTempDirectory(work.toPath(), "profile").toFile();
		final List<String> cmd = new ArrayList<>(Arrays.asList(chromium().getPath(), "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir=" + profile));
		cmd.addAll(Arrays.asList(args));
		final File stdout = File.createTempFile("stdout", ".txt", work), stderr = File.createTempFile("stderr", ".txt", work);
		final Process p = new ProcessBuilder(cmd).redirectOutput(stdout).redirectError(stderr).start();
		try {
			if (!p.waitFor(60, TimeUnit.SECONDS)) fail("Chromium did not finish within 60 s: " + cmd);
			assertEquals(0, p.exitValue(), () -> "Chromium failed: " + cmd + "\n" + read(stderr));
		}
		finally {
			p.descendants().forEach(ProcessHandle::destroyForcibly);
			p.destroyForcibly();
			p.waitFor(10, TimeUnit.SECONDS);
		}
		return read(stdout);
	}

	static String read(final File f) {
		try {
			return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
		}
		catch (final java.io.IOException e) {
			return "(" + e + ")";
		}
	}

	/** One card of the rendered DOM. */
	static final class Card {
		final String subject, status, body;
		final boolean hidden;
		final Map<String, String> attrs;

		Card(final Map<String, String> attrs, final String body) {
			this.attrs = attrs;
			this.subject = attrs.get("data-subject");
			this.status = attrs.get("data-status");
			this.hidden = attrs.containsKey("hidden");
			this.body = body;
		}
	}

	/** The cards of a DOM in document order. */
	static List<Card> cards(final String dom) {
		final List<Card> l = new ArrayList<>();
		final Matcher m = Pattern.compile("<section ([^>]*)>").matcher(dom);
		while (m.find()) {
			final Map<String, String> a = new LinkedHashMap<>();
			final Matcher at = Pattern.compile("([a-z_-]+)(?:=\"([^\"]*)\")?").matcher(m.group(1));
			while (at.find())
				a.put(at.group(1), at.group(2) == null ? "" : at.group(2));
			if (!a.getOrDefault("class", "").startsWith("card")) continue;
			l.add(new Card(a, dom.substring(m.end(), dom.indexOf("</section>", m.end()))));
		}
		return l;
	}

	static List<String> visible(final List<Card> cards) {
		final List<String> l = new ArrayList<>();
		for (final Card c : cards)
			if (!c.hidden) l.add(c.subject);
		return l;
	}

	static String count(final String dom) {
		final Matcher m = Pattern.compile("<span id=\"count\">([^<]*)</span>").matcher(dom);
		assertTrue(m.find(), dom);
		return m.group(1);
	}

	/** Mean of a column's numbers in a subject's table, null when none. */
	static Double mean(final File csv, final String column) throws Exception {
		final Csv t = Csv.read(csv);
		final int c = t.header().indexOf(column);
		double s = 0;
		int n = 0;
		for (final List<String> r : t.rows())
			if (!r.get(c).isEmpty()) {
				s += Double.parseDouble(r.get(c));
				n++;
			}
		return n == 0 ? null : s / n;
	}

	@Test
	void pageAsTheBrowserShowsIt(@TempDir final File dir) throws Exception {
		chromium();
		final File manifest = CohortTest.cohort(dir, 3, 12);
		final File bad = new File(dir, "data/s4.nii.gz");
		CohortTest.write(bad, "this is not a NIfTI file\n");
		CohortTest.write(manifest, new String(Files.readAllBytes(manifest.toPath()), StandardCharsets.UTF_8) + "s4,,data/s4.nii.gz\n");
		final Cohort.Settings s = new Cohort.Settings();
		s.manifest = manifest;
		s.out = new File(dir, "out");
		final Cohort.Result r = Cohort.run(s, new CohortSubjects(), null);
		assertEquals(Arrays.asList("s4"), r.failed);
		assertTrue(r.files.contains(CohortReport.HTML), r.files.toString());
		final File page = new File(s.out, CohortReport.HTML);
		final String message = Csv.read(new File(s.out, Cohort.ERRORS)).rows().get(0).get(2);
		assertTrue(message.contains("s4.nii.gz"), message);
		final String url = page.toPath().toUri().toString();

		// as loaded: 4 cards in folder order, none hidden; the failed one with its message and no pictures
		String dom = browser(dir, "--dump-dom", url);
		List<Card> cards = cards(dom);
		assertEquals(Arrays.asList("s1", "s2_v2", "s3", "s4"), visible(cards), dom);
		assertEquals(4, cards.size());
		assertEquals("showing 4 of 4", count(dom));
		final Card failed = cards.get(3);
		assertEquals("failed", failed.status);
		assertTrue(failed.body.contains("<p class=\"error\"><b>read</b>: " + CohortReport.esc(message) + "</p>"), failed.body);
		assertFalse(failed.body.contains("<img"));
		int images = 0;
		for (final Card c : cards.subList(0, 3)) {
			assertTrue(c.status.equals("ok") || c.status.equals("check"), c.subject + " " + c.status);
			final Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(c.body);
			assertTrue(img.find(), c.body);
			do {
				images++;
				final File f = new File(s.out, java.net.URLDecoder.decode(img.group(1), "UTF-8"));
				assertTrue(f.isFile() && f.length() > 100, img.group(1));
				assertTrue(img.group(1).startsWith(c.subject + "/qc/"), img.group(1));
			}
			while (img.find());
			// the card's numbers are the subject's CSV cells: rounded (volume 2 decimals, HU 1), exact in the tooltip
			final Csv t = Csv.read(new File(s.out, c.subject + "/" + SubjectAnalysis.CSV));
			for (final List<String> row : t.rows()) {
				final String ml = row.get(t.header().indexOf("volume_ml")), hu = row.get(t.header().indexOf("hu_mean"));
				assertTrue(c.body.contains("<td>" + row.get(t.header().indexOf("region")) + "</td><td title=\"" + ml + "\">" +
					new java.math.BigDecimal(ml).setScale(2, java.math.RoundingMode.HALF_UP) + "</td><td title=\"" + hu + "\">" +
					new java.math.BigDecimal(hu).setScale(1, java.math.RoundingMode.HALF_UP) + "</td>"), c.body);
			}
		}
		assertTrue(images >= 3);

		// #status=failed: only the failed card is visible
		dom = browser(dir, "--dump-dom", url + "#status=failed");
		cards = cards(dom);
		assertEquals(4, cards.size());
		assertEquals(Arrays.asList("s4"), visible(cards));
		assertEquals("showing 1 of 4", count(dom));

		// sorted by the mean of the regions' hu_mean, descending; no value (failed) last
		final List<String> expected = new ArrayList<>(Arrays.asList("s1", "s2_v2", "s3"));
		final Map<String, Double> hu = new LinkedHashMap<>();
		for (final String x : expected)
			hu.put(x, mean(new File(s.out, x + "/" + SubjectAnalysis.CSV), "hu_mean"));
		expected.sort(Comparator.comparing((String x) -> hu.get(x)).reversed());
		assertNotNull(hu.get("s1"));
		assertEquals(3, new java.util.HashSet<>(hu.values()).size(), "distinct sort keys " + hu);
		expected.add("s4");
		dom = browser(dir, "--dump-dom", url + "#sort=-hu_mean");
		assertEquals(expected, visible(cards(dom)), hu.toString());
		final List<String> ascending = new ArrayList<>(expected.subList(0, 3));
		java.util.Collections.reverse(ascending);
		ascending.add("s4");
		dom = browser(dir, "--dump-dom", url + "#sort=hu_mean");
		assertEquals(ascending, visible(cards(dom)), hu.toString());
		// status first, a text filter, and both with a sort
		dom = browser(dir, "--dump-dom", url + "#sort=status");
		assertEquals("s4", visible(cards(dom)).get(0));
		dom = browser(dir, "--dump-dom", url + "#q=S2&status=all");
		assertEquals(Arrays.asList("s2_v2"), visible(cards(dom)));
		assertEquals("showing 1 of 4", count(dom));
		dom = browser(dir, "--dump-dom", url + "#q=femoral_shaft_left&sort=-hu_mean");
		assertEquals(expected.subList(0, 3), visible(cards(dom)));

		// a screenshot: not blank, the failed badge's red present
		final File png = new File(dir, "page.png");
		browser(dir, "--screenshot=" + png, "--window-size=1280,1600", url);
		final BufferedImage img = ImageIO.read(png);
		assertNotNull(img, "screenshot not written");
		assertEquals(1280, img.getWidth());
		double sum = 0, sum2 = 0;
		int red = 0;
		final int n = img.getWidth() * img.getHeight();
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++) {
				final int rgb = img.getRGB(x, y), rr = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
				final double l = 0.299 * rr + 0.587 * g + 0.114 * b;
				sum += l;
				sum2 += l * l;
				if (Math.abs(rr - 0xcc) < 12 && Math.abs(g - 0x22) < 12 && Math.abs(b - 0x22) < 12) red++;
			}
		final double var = sum2 / n - (sum / n) * (sum / n);
		final String html = read(page);
		final Matcher sec = Pattern.compile("(?s)<section .*?</section>\n").matcher(html);
		final List<Integer> sizes = new ArrayList<>();
		while (sec.find())
			sizes.add(sec.group().getBytes(StandardCharsets.UTF_8).length);
		System.out.printf(java.util.Locale.ROOT, "QC page: %d bytes, 4 cards of %s bytes; screenshot luminance variance %.0f, " +
			"%d failed-red pixels%n", page.length(), sizes, var, red);
		assertTrue(var > 100, "screenshot variance " + var);
		assertTrue(red > 100, "failed badge red pixels " + red);
		final String keep = System.getProperty("marrowj.qcpage.screenshot");
		if (keep != null) Files.copy(png.toPath(), new File(keep).toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}
}
