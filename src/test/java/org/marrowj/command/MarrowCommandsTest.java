package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.image.Volume;
import org.marrowj.io.Csv;
import org.marrowj.io.Json;
import org.marrowj.marrow.FemoralShaftMarrow;
import org.marrowj.marrow.RegionStats;
import org.marrowj.phantom.FemurOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.marrowj.phantom.SpineOptions;
import org.marrowj.pipeline.MarrowRow;
import org.marrowj.pipeline.MarrowTable;
import org.marrowj.pipeline.SubjectAnalysis;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;

/** Segment Marrow Cavity and Marrow Radiodensity through SciJava's CommandService and the launcher; the ImageJ views. */
class MarrowCommandsTest {

	@Test
	void segmentMarrowCavityThroughCommandService(@TempDir final File dir) throws Exception {
		final FemurOptions o = new FemurOptions();
		final Phantom p = Phantoms.femur(o);
		Phantoms.write(p, dir, "femur");
		final File out = new File(dir, "out");
		final Context context = new Context(CommandService.class);
		try {
			final CommandModule m = context.service(CommandService.class).run(SegmentMarrowCavity.class, true, "ct", new File(dir,
				"femur.nii.gz"), "site", "femoral_shaft", "cortical_hu", 400.0, "margin_mm", "auto", "labels", "", "label_scheme",
				"totalsegmentator", "out", out).get();
			final JsonObject r = JsonParser.parseString((String) m.getOutput("json")).getAsJsonObject();
			final JsonArray rows = r.getAsJsonArray("rows");
			assertEquals(2, rows.size());
			assertEquals("left", rows.get(0).getAsJsonObject().get("side").getAsString());
			assertEquals(o.marrowLeft_hu, rows.get(0).getAsJsonObject().get("hu_mean").getAsDouble(), 1.0);
			assertEquals(o.marrowRight_hu, rows.get(1).getAsJsonObject().get("hu_mean").getAsDouble(), 1.0);
			final ImagePlus marrow = (ImagePlus) m.getOutput("marrow");
			assertNotNull(marrow);
			assertEquals(p.image().depth(), marrow.getStackSize());
			final String table = (String) m.getOutput("table");
			assertTrue(table.startsWith(String.join(",", MarrowTable.COLUMNS) + "\n"), table);
			assertTrue(new File(out, SubjectAnalysis.CSV).isFile());
			assertEquals(table.substring(table.indexOf('\n')), new String(java.nio.file.Files.readAllBytes(new File(out,
				SubjectAnalysis.CSV).toPath()), "UTF-8").substring(table.indexOf('\n')));
		}
		finally {
			context.dispose();
		}
	}

	@Test
	void segmentMarrowCavityThroughTheLauncher(@TempDir final File dir) {
		final Phantom p = Phantoms.spine(new SpineOptions());
		Phantoms.write(p, dir, "spine");
		final JsonObject r = LauncherRun.inProcess("--run", "Segment Marrow Cavity", "ct='" + new File(dir, "spine.nii.gz") +
			"',site='vertebral_body',labels='" + new File(dir, "spine_labels.nii.gz") + "'").assertOneJsonObject();
		assertEquals(6, r.getAsJsonArray("rows").size());
		assertEquals(4.0, r.get("margin_mm").getAsDouble());
		assertEquals("T12", r.getAsJsonArray("rows").get(0).getAsJsonObject().get("level").getAsString());
		LauncherRun.inProcess("--run", "Segment Marrow Cavity", "site='femoral_shaft'").assertFailure(Main.BAD_INPUT, "ct");
		LauncherRun.inProcess("--run", "Segment Marrow Cavity", "ct='" + new File(dir, "spine.nii.gz") + "',margin_mm='x'")
			.assertFailure(Main.BAD_INPUT, "margin_mm");
	}

	@Test
	void marrowRadiodensityOfLabels(@TempDir final File dir) throws Exception {
		final Phantom p = Phantoms.spine(new SpineOptions());
		Phantoms.write(p, dir, "spine");
		final File csv = new File(dir, "stats.csv");
		final JsonObject r = LauncherRun.inProcess("--run", "Marrow Radiodensity", "ct='" + new File(dir, "spine.nii.gz") +
			"',labels='" + new File(dir, "spine_labels.nii.gz") + "',out='" + csv + "'").assertOneJsonObject();
		final JsonArray rows = r.getAsJsonArray("rows");
		// margin 0: each label's voxel count is the label map's
		final long[] counts = new long[256];
		for (final Object t : p.labels().get().volume().image())
			counts[(int) ((net.imglib2.type.numeric.RealType<?>) t).getRealDouble()]++;
		int labelsPresent = 0;
		for (int i = 1; i < 256; i++)
			if (counts[i] > 0) labelsPresent++;
		assertEquals(labelsPresent, rows.size());
		for (final com.google.gson.JsonElement e : rows) {
			final JsonObject row = e.getAsJsonObject();
			assertEquals("label", row.get("site").getAsString());
			assertEquals(counts[row.get("label").getAsInt()], row.get("voxels").getAsLong());
		}
		final Csv read = Csv.read(csv);
		assertEquals(MarrowTable.COLUMNS, read.header());
		assertEquals(rows.size(), read.rows().size());
		// the same through the CommandService, with a margin
		final Context context = new Context(CommandService.class);
		try {
			final CommandModule m = context.service(CommandService.class).run(MarrowRadiodensity.class, true, "ct", new File(dir,
				"spine.nii.gz"), "labels", new File(dir, "spine_labels.nii.gz").getPath(), "label_scheme", "32=T12", "margin_mm", 4.0)
				.get();
			final JsonArray rows2 = JsonParser.parseString((String) m.getOutput("json")).getAsJsonObject().getAsJsonArray("rows");
			assertEquals(rows.size(), rows2.size());
			assertEquals("T12", rows2.get(0).getAsJsonObject().get("region").getAsString());
			assertEquals("label_27", rows2.get(1).getAsJsonObject().get("region").getAsString());
			assertTrue(rows2.get(0).getAsJsonObject().get("voxels").getAsLong() < counts[32]);
		}
		finally {
			context.dispose();
		}
	}

	/** The objects the GUI shows: one ROI per region and slice (position set), an overlay of them, a Results table. */
	@Test
	void imageJViewsOfTheRegions() {
		final Phantom p = Phantoms.femur(new FemurOptions());
		final Volume<?> ct = p.image();
		final SubjectAnalysis.Segmentation seg = SubjectAnalysis.segment(ct, null, SubjectAnalysis.labelTable(""), "femoral_shaft",
			400, null, null);
		final List<MarrowRow> measured = seg.measured();
		final List<Roi> rois = MarrowDisplay.rois(measured);
		long expected = 0;
		for (final MarrowRow r : measured) {
			final boolean[] slices = new boolean[ct.depth()];
			final byte[] d = r.mask().mask().data();
			final int n = r.mask().mask().nx() * r.mask().mask().ny();
			for (int i = 0; i < d.length; i++)
				if (d[i] != 0) slices[(int) (i / n + r.mask().offset()[2])] = true;
			for (final boolean b : slices)
				if (b) expected++;
		}
		assertEquals(expected, rois.size());
		// each ROI's pixels are exactly the region's voxels on its slice
		final Roi first = rois.get(0);
		final int z = first.getPosition() - 1;
		long inRoi = 0, inRegion = 0;
		for (int y = 0; y < ct.height(); y++)
			for (int x = 0; x < ct.width(); x++) {
				if (first.contains(x, y)) inRoi++;
				if (measured.get(0).mask().contains(x, y, z)) inRegion++;
				if (first.contains(x, y)) assertTrue(measured.get(0).mask().contains(x, y, z), "ROI pixel " + x + "," + y + " in the region");
			}
		assertEquals(inRegion, inRoi);
		final Overlay o = MarrowDisplay.overlay(rois);
		assertEquals(rois.size(), o.size());
		final ResultsTable rt = MarrowDisplay.results("femur", seg.rows);
		assertEquals(2, rt.size());
		assertEquals("left", rt.getStringValue("side", 0));
		assertEquals(RegionStats.compute((Volume) ct, measured.get(0).mask()).hu_mean(), rt.getValue("hu_mean", 0), 1e-9);
		assertEquals("ok", rt.getStringValue("status", 0));
		for (final String c : MarrowTable.COLUMNS)
			assertTrue(rt.columnExists(c), c);
	}

	/** The CT from the current ImageJ image when no path is given, and its area ROI as the femoral search mask. */
	@Test
	void currentImageAndRoi() {
		final Phantom p = Phantoms.femur(new FemurOptions());
		final ImagePlus imp = org.marrowj.image.ImagePlusAdapter.toImagePlus(p.image(), "femur");
		// the ROI covers the left half of the image in index x: one femur only
		imp.setRoi(new Roi(0, 0, imp.getWidth() / 2, imp.getHeight()));
		final org.marrowj.morph.Mask roi = MarrowInputs.roiMask(imp);
		assertEquals((long) imp.getWidth() / 2 * imp.getHeight(), roi.count());
		ij.WindowManager.setTempCurrentImage(imp);
		try {
			final MarrowInputs.Ct c = MarrowInputs.ct(null, new java.util.ArrayList<>());
			assertTrue(c.image == imp);
			assertEquals("femur", c.name);
			final SubjectAnalysis.Segmentation seg = SubjectAnalysis.segment(c.volume, null, SubjectAnalysis.labelTable(""),
				"femoral_shaft", 400, null, MarrowInputs.roiMask(c.image));
			assertEquals(1, seg.measured().size());
			// index x < width/2 is the patient's right on this phantom's grid when x runs to the patient's left
			final double cx = seg.measured().get(0).mask().offset()[0];
			assertTrue(cx < imp.getWidth() / 2.0);
		}
		finally {
			ij.WindowManager.setTempCurrentImage(null);
		}
		final FemoralShaftMarrow.Result all = FemoralShaftMarrow.segment(p.image(), new FemoralShaftMarrow.Settings());
		assertEquals(2, all.regions().size());
	}
}
