package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.image.Volume;
import org.marrowj.io.Csv;
import org.marrowj.io.Json;
import org.marrowj.io.Nifti;
import org.marrowj.io.QcImages;
import org.marrowj.phantom.FemurOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.marrowj.phantom.SpineOptions;

import com.google.gson.JsonObject;

import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

/** Analyze Subject through the launcher's real --run path on the project's phantoms. */
class AnalyzeSubjectTest {

	static LauncherRun analyze(final String args) {
		return LauncherRun.inProcess("--run", "Analyze Subject", args);
	}

	/** Rows of marrow_regions.csv as column -> cell maps, after checking the header. */
	static List<Map<String, String>> table(final File out) throws Exception {
		final Csv csv = Csv.read(new File(out, SubjectAnalysis.CSV));
		assertEquals(MarrowTable.COLUMNS, csv.header());
		final List<Map<String, String>> rows = new ArrayList<>();
		for (final List<String> r : csv.rows()) {
			final Map<String, String> m = new HashMap<>();
			for (int i = 0; i < r.size(); i++)
				m.put(csv.header().get(i), r.get(i));
			rows.add(m);
		}
		return rows;
	}

	/** labels.nii.gz on the CT grid, voxel counts per id equal to the table's voxels, labels.json naming each id. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	static void checkLabelMap(final File out, final Volume<?> ct, final List<Map<String, String>> rows) throws Exception {
		final Volume<?> lab = Nifti.read(new File(out, SubjectAnalysis.LABELS));
		assertEquals(ct.width(), lab.width());
		assertEquals(ct.height(), lab.height());
		assertEquals(ct.depth(), lab.depth());
		assertTrue(ct.geometry().sameGrid(lab.geometry(), 1e-3), "label map on the CT grid: " + lab.geometry() + " vs " + ct.geometry());
		final Map<Integer, Long> counts = new HashMap<>();
		for (final Object t : (Iterable) lab.image()) {
			final int id = (int) Math.round(((RealType<?>) t).getRealDouble());
			if (id != 0) counts.merge(id, 1L, Long::sum);
		}
		final Map<String, Object> json = Json.parseObject(new String(Files.readAllBytes(new File(out, SubjectAnalysis.LABELS_JSON)
			.toPath()), "UTF-8"), "labels.json");
		int id = 0;
		for (final Map<String, String> r : rows) {
			if (r.get("voxels").isEmpty()) continue; // not measured
			id++;
			assertEquals(Long.parseLong(r.get("voxels")), counts.get(id), "voxels of id " + id);
			final Map<String, Object> e = (Map<String, Object>) json.get(Integer.toString(id));
			assertEquals(r.get("region"), e.get("name"));
			assertEquals(r.get("site"), e.get("site"));
			assertEquals(r.get("side"), e.get("side"));
			assertEquals(r.get("level"), e.get("level"));
		}
		assertEquals(id, counts.size(), "ids in the label map");
		assertEquals(id, json.size());
	}

	/** Every QC picture is a valid PNG of at least 256 px on its short side; the axial ones show each region's colour. */
	static void checkQc(final File out, final int regions) throws Exception {
		final File qc = new File(out, SubjectAnalysis.QC);
		final String[] names = qc.list();
		assertNotNull(names);
		int axial = 0;
		final Set<Integer> coloursSeen = new HashSet<>();
		for (final String n : names) {
			assertTrue(n.endsWith(".png"), n);
			final byte[] head = Files.readAllBytes(new File(qc, n).toPath());
			assertEquals((byte) 0x89, head[0]);
			assertEquals('P', head[1]);
			assertEquals('N', head[2]);
			assertEquals('G', head[3]);
			final BufferedImage img = ImageIO.read(new File(qc, n));
			assertNotNull(img, n);
			assertTrue(Math.min(img.getWidth(), img.getHeight()) >= 256, n + " is " + img.getWidth() + "x" + img.getHeight());
			if (n.startsWith("axial_")) {
				axial++;
				for (int y = 0; y < img.getHeight(); y++)
					for (int x = 0; x < img.getWidth(); x++)
						coloursSeen.add(img.getRGB(x, y) & 0xFFFFFF);
			}
		}
		assertEquals(regions, axial, "one axial picture per region");
		assertTrue(new File(qc, "overview.png").isFile());
		assertTrue(new File(qc, "coronal.png").isFile());
		for (int i = 0; i < regions; i++)
			assertTrue(coloursSeen.contains(QcImages.PALETTE[i % QcImages.PALETTE.length]), "outline colour of region " + (i + 1));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> provenance(final File out) throws Exception {
		return Json.parseObject(new String(Files.readAllBytes(new File(out, SubjectAnalysis.PROVENANCE).toPath()), "UTF-8"),
			"provenance");
	}

	@Test
	@SuppressWarnings("unchecked")
	void femurPhantomBothSides(@TempDir final File dir) throws Exception {
		final FemurOptions o = new FemurOptions();
		final Phantom p = Phantoms.femur(o);
		Phantoms.write(p, dir, "femur");
		final File ct = new File(dir, "femur.nii.gz"), out = new File(dir, "out");
		final JsonObject report = analyze("ct='" + ct + "',out='" + out + "'").assertOneJsonObject();
		assertEquals("femoral_shaft", report.get("site").getAsString());
		assertEquals(1.0, report.get("margin_mm").getAsDouble());
		assertEquals("femur", report.get("subject").getAsString());
		final List<Map<String, String>> rows = table(out);
		assertEquals(2, rows.size());
		assertEquals("left", rows.get(0).get("side"));
		assertEquals("right", rows.get(1).get("side"));
		for (final Map<String, String> r : rows) {
			assertEquals("femur", r.get("subject"));
			assertEquals("femoral_shaft", r.get("site"));
			assertEquals("femoral_shaft_" + r.get("side"), r.get("region"));
			assertEquals("", r.get("label"));
			assertEquals("", r.get("level"));
			assertEquals("ok", r.get("status"));
		}
		assertEquals(o.marrowLeft_hu, Double.parseDouble(rows.get(0).get("hu_mean")), 1.0);
		assertEquals(o.marrowRight_hu, Double.parseDouble(rows.get(1).get("hu_mean")), 1.0);
		checkLabelMap(out, p.image(), rows);
		checkQc(out, 2);
		final Map<String, Object> prov = provenance(out);
		final Map<String, Object> params = (Map<String, Object>) prov.get("parameters");
		assertEquals(1.0, params.get("margin_mm"));
		assertEquals("site default", params.get("margin_mm_source"));
		assertEquals(400.0, params.get("cortical_hu"));
		assertEquals("femoral_shaft", params.get("site_used"));
		final Map<String, Object> in = ((List<Map<String, Object>>) prov.get("inputs")).get(0);
		assertEquals("ct", in.get("role"));
		assertEquals(Provenance.sha256(ct), in.get("sha256"));
		assertEquals((double) ct.length(), in.get("bytes"));
		assertTrue(prov.containsKey("timing"));
		// no temporary files left
		for (final String n : out.list())
			assertFalse(n.endsWith(".part"), n);

		// a given margin is used and recorded as given
		final File out2 = new File(dir, "out2");
		final JsonObject r2 = analyze("ct='" + ct + "',out='" + out2 + "',margin_mm='2',subject='s01'").assertOneJsonObject();
		assertEquals(2.0, r2.get("margin_mm").getAsDouble());
		assertEquals("given", r2.get("margin_mm_source").getAsString());
		final List<Map<String, String>> rows2 = table(out2);
		assertEquals("s01", rows2.get(0).get("subject"));
		assertTrue(Long.parseLong(rows2.get(0).get("voxels")) < Long.parseLong(rows.get(0).get("voxels")));
	}

	@Test
	void spinePhantomVertebralBodies(@TempDir final File dir) throws Exception {
		final SpineOptions o = new SpineOptions();
		final Phantom p = Phantoms.spine(o);
		Phantoms.write(p, dir, "spine");
		final File ct = new File(dir, "spine.nii.gz"), labels = new File(dir, "spine_labels.nii.gz");
		for (final String site : new String[] { "auto", "vertebral_body" }) {
			final File out = new File(dir, "out_" + site);
			final JsonObject report = analyze("ct='" + ct + "',labels='" + labels + "',site='" + site + "',out='" + out + "'")
				.assertOneJsonObject();
			assertEquals("vertebral_body", report.get("site").getAsString());
			assertEquals(4.0, report.get("margin_mm").getAsDouble());
			final List<Map<String, String>> rows = table(out);
			assertEquals(6, rows.size());
			for (int k = 0; k < 6; k++) {
				final Map<String, String> r = rows.get(k);
				assertEquals(SpineOptions.LEVELS[k], r.get("level"));
				assertEquals(SpineOptions.LEVELS[k], r.get("region"));
				assertEquals(Integer.toString(32 - k), r.get("label"));
				assertEquals("vertebral_body", r.get("site"));
				assertEquals("", r.get("side"));
				assertEquals("ok", r.get("status"));
				assertEquals(o.coreHu[k], Double.parseDouble(r.get("hu_mean")), 2.0, SpineOptions.LEVELS[k]);
			}
			checkLabelMap(out, p.image(), rows);
			checkQc(out, 6);
			assertTrue(new File(out, "qc/sagittal.png").isFile());
		}
	}

	/** Without labels: seed points at the L1 and L3 core centroids find those cores; a seed in the air gets a row with the reason. */
	@Test
	void spinePhantomFromSeedPoints(@TempDir final File dir) throws Exception {
		final SpineOptions o = new SpineOptions();
		final Phantom p = Phantoms.spine(o);
		Phantoms.write(p, dir, "spine");
		final File ct = new File(dir, "spine.nii.gz");
		final StringBuilder seeds = new StringBuilder();
		for (final int k : new int[] { 1, 3 }) {
			final double[] c = coreCentroid_mm(p, 3 + 3 * k); // tissue id of level k's trabecular core
			seeds.append(SpineOptions.LEVELS[k]).append('=').append(c[0]).append(',').append(c[1]).append(',').append(c[2]).append(';');
		}
		final double[] air = p.image().geometry().indexToWorld(0, 0, 0);
		seeds.append("L5=").append(air[0]).append(',').append(air[1]).append(',').append(air[2]);
		final File out = new File(dir, "out");
		final JsonObject report = analyze("ct='" + ct + "',seeds_mm='" + seeds + "',out='" + out + "'").assertOneJsonObject();
		assertEquals("vertebral_body", report.get("site").getAsString());
		assertEquals(1.0, report.get("margin_mm").getAsDouble());
		final List<Map<String, String>> rows = table(out);
		assertEquals(3, rows.size(), rows.toString());
		final Map<String, Map<String, String>> byLevel = new HashMap<>();
		for (final Map<String, String> r : rows)
			byLevel.put(r.get("level"), r);
		assertEquals("ok", byLevel.get("L1").get("status"));
		assertEquals("ok", byLevel.get("L3").get("status"));
		assertEquals(o.coreHu[1], Double.parseDouble(byLevel.get("L1").get("hu_mean")), 2.0);
		assertEquals(o.coreHu[3], Double.parseDouble(byLevel.get("L3").get("hu_mean")), 2.0);
		assertEquals("", byLevel.get("L5").get("hu_mean"));
		assertFalse(byLevel.get("L5").get("status").isEmpty() || byLevel.get("L5").get("status").equals("ok"));
		analyze("ct='" + ct + "',seeds_mm='L1=1,2',out='" + new File(dir, "bad") + "'").assertFailure(Main.BAD_INPUT, "seeds_mm");
	}

	static double[] coreCentroid_mm(final Phantom p, final int tissue) {
		final RandomAccess<? extends RealType<?>> ra = p.tissues().image().randomAccess();
		final long[] d = p.tissues().dimensions();
		double sx = 0, sy = 0, sz = 0;
		long n = 0;
		for (int z = 0; z < d[2]; z++)
			for (int y = 0; y < d[1]; y++)
				for (int x = 0; x < d[0]; x++) {
					ra.setPosition(new long[] { x, y, z });
					if (ra.get().getRealDouble() != tissue) continue;
					sx += x;
					sy += y;
					sz += z;
					n++;
				}
		return p.tissues().geometry().indexToWorld(Math.round(sx / n), Math.round(sy / n), Math.round(sz / n));
	}

	@Test
	void spinePhantomLabelsAsTheyAre(@TempDir final File dir) throws Exception {
		final Phantom p = Phantoms.spine(new SpineOptions());
		Phantoms.write(p, dir, "spine");
		final File out = new File(dir, "out");
		analyze("ct='" + new File(dir, "spine.nii.gz") + "',labels='" + new File(dir, "spine_labels.nii.gz") + "',site='labels',out='" +
			out + "'").assertOneJsonObject();
		final List<Map<String, String>> rows = table(out);
		// margin 0: each label as it is, voxel counts equal to the label map's
		final Map<Integer, Long> counts = new HashMap<>();
		for (final Object t : p.labels().get().volume().image()) {
			final int id = (int) ((RealType<?>) t).getRealDouble();
			if (id != 0) counts.merge(id, 1L, Long::sum);
		}
		assertEquals(counts.size(), rows.size());
		for (final Map<String, String> r : rows) {
			assertEquals("label", r.get("site"));
			assertEquals(counts.get(Integer.parseInt(r.get("label"))), Long.valueOf(r.get("voxels")), r.get("region"));
		}
		assertEquals("T12", rows.get(0).get("level"));
		checkLabelMap(out, p.image(), rows);
	}

	@Test
	void badInputsWriteNoTable(@TempDir final File dir) throws Exception {
		final Phantom p = Phantoms.spine(new SpineOptions());
		Phantoms.write(p, dir, "spine");
		final File ct = new File(dir, "spine.nii.gz"), labels = new File(dir, "spine_labels.nii.gz");

		// no bone: every value 0 HU
		final Volume<?> zero = zeros(p.image());
		final File zeroCt = new File(dir, "zero.nii.gz");
		Nifti.write(zero, zeroCt);
		File out = new File(dir, "o1");
		analyze("ct='" + zeroCt + "',site='femoral_shaft',out='" + out + "'").assertFailure(Main.BAD_INPUT, "no cortical bone");
		assertFalse(new File(out, SubjectAnalysis.CSV).exists());

		// labels with no known vertebra
		out = new File(dir, "o2");
		analyze("ct='" + ct + "',labels='" + labels + "',label_scheme='1=liver',out='" + out + "'").assertFailure(Main.BAD_INPUT,
			"no vertebra label");
		assertFalse(new File(out, SubjectAnalysis.CSV).exists());

		// labels on a grid far from the CT
		final Volume<?> lab = Nifti.read(labels);
		final double[] origin = lab.geometry().origin();
		origin[2] += 5000;
		final File far = new File(dir, "far_labels.nii.gz");
		Nifti.write(lab.withGeometry(new org.marrowj.image.Geometry(lab.geometry().spacing(), origin, lab.geometry().direction())),
			far);
		for (final String site : new String[] { "vertebral_body", "labels" }) {
			out = new File(dir, "o3" + site);
			analyze("ct='" + ct + "',labels='" + far + "',site='" + site + "',out='" + out + "'").assertFailure(Main.BAD_INPUT,
				"does not overlap");
			assertFalse(new File(out, SubjectAnalysis.CSV).exists());
		}

		// margin so large that every vertebra vanishes
		out = new File(dir, "o4");
		analyze("ct='" + ct + "',labels='" + labels + "',margin_mm='40',out='" + out + "'").assertFailure(Main.BAD_INPUT, "margin_mm");
		assertFalse(new File(out, SubjectAnalysis.CSV).exists());

		// unusable parameters
		analyze("ct='" + ct + "',labels='" + labels + "',margin_mm='-1',out='" + out + "'").assertFailure(Main.BAD_INPUT, "margin_mm");
		analyze("ct='" + ct + "',site='vertebral_body',out='" + out + "'").assertFailure(Main.BAD_INPUT, "labels");
		analyze("ct='" + ct + "',site='hip',out='" + out + "'").assertFailure(Main.BAD_INPUT, "site");
		assertFalse(new File(out, SubjectAnalysis.CSV).exists());
	}

	@Test
	void someRegionsVanishOthersStay(@TempDir final File dir) throws Exception {
		// T12 core is the smallest (height 24 mm): a margin that removes it keeps the taller ones
		final SpineOptions o = new SpineOptions();
		o.height_mm = new double[] { 12, 25, 25, 25, 25, 24 };
		final Phantom p = Phantoms.spine(o);
		Phantoms.write(p, dir, "spine");
		final File out = new File(dir, "out");
		analyze("ct='" + new File(dir, "spine.nii.gz") + "',labels='" + new File(dir, "spine_labels.nii.gz") + "',margin_mm='7',out='" +
			out + "'").assertOneJsonObject();
		final List<Map<String, String>> rows = table(out);
		final Map<String, String> t12 = rows.get(0);
		assertEquals("T12", t12.get("level"));
		assertTrue(t12.get("status").contains("nothing remains"), t12.get("status"));
		assertEquals("", t12.get("voxels"));
		assertEquals("", t12.get("hu_mean"));
		int ok = 0;
		for (final Map<String, String> r : rows)
			if (r.get("status").equals("ok")) ok++;
		assertTrue(ok >= 1, rows.toString());
		checkLabelMap(out, p.image(), rows);
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static Volume<?> zeros(final Volume<?> like) {
		final net.imglib2.img.Img img = net.imglib2.img.array.ArrayImgs.floats(like.dimensions());
		return new Volume(img, like.geometry(), Volume.HU, "CT", null);
	}

	static double value(final Volume<?> v, final long x, final long y, final long z) {
		@SuppressWarnings("unchecked")
		final RandomAccess<? extends RealType<?>> ra = (RandomAccess<? extends RealType<?>>) v.image().randomAccess();
		ra.setPosition(new long[] { x, y, z });
		return ra.get().getRealDouble();
	}
}
