package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.SharedData;
import org.marrowj.io.Csv;
import org.marrowj.phantom.PetCtOptions;
import org.marrowj.phantom.Phantom;
import org.marrowj.phantom.Phantoms;
import org.marrowj.pipeline.MarrowTable;
import org.marrowj.pipeline.SubjectAnalysis;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Analyze Subject with a PET: marrow SUV columns against a PET/CT phantom's truth and on the real thigh PET/CT. */
class AnalyzeSubjectPetTest {

	@SuppressWarnings("unchecked")
	static double truthSuv(final Phantom p, final String tissue) {
		final Map<String, Object> pet = (Map<String, Object>) p.truth().get("pet");
		final Map<String, Object> suv = (Map<String, Object>) pet.get("suv");
		return ((Number) ((Map<String, Object>) suv.get("suvbw_per_tissue")).get(tissue)).doubleValue();
	}

	@Test
	void phantomMarrowSuvWithinOnePercent(@TempDir final File dir) throws Exception {
		final PetCtOptions o = new PetCtOptions();
		o.ct.outerRadius_mm = 24;
		o.ct.innerRadius_mm = 17;
		o.ct.nz = 40;
		o.fwhm_mm = 6;
		o.petRotation_deg = 23;
		o.petShift_mm = new double[] { 3.3, -2.1, 1.7 };
		final Phantom p = Phantoms.petct(o);
		Phantoms.write(p, dir, "pc");
		final File out = new File(dir, "out");
		final String common = "ct='" + new File(dir, "pc.nii.gz") + "',site='femoral_shaft',pet='" + new File(dir, "pc_pet.nii.gz") +
			"',out='" + out + "'";
		// a NIfTI PET has no SUV inputs: refused naming them
		LauncherRun.inProcess("--run", "Analyze Subject", common).assertFailure(Main.BAD_INPUT, "dose_mbq");
		final JsonObject r = LauncherRun.inProcess("--run", "Analyze Subject", common + ",margin_mm='7',dose_mbq='" + o.dose_bq / 1e6 +
			"',weight_kg='" + o.weight_kg + "',injection_time='2024-01-15 09:30:00',scan_time='2024-01-15 10:30:00',half_life_s='" +
			o.halfLife_s + "'").assertOneJsonObject();
		final JsonArray rows = r.getAsJsonArray("rows");
		assertEquals(2, rows.size());
		for (int i = 0; i < rows.size(); i++) {
			final JsonObject row = rows.get(i).getAsJsonObject();
			final String tissue = "marrow_" + row.get("side").getAsString();
			final double t = truthSuv(p, tissue), m = row.get("suv_mean").getAsDouble();
			System.out.printf("%s: suv_mean %.5f truth %.5f (%.3f%%), peak %.4f, max %.4f%n", row.get("region").getAsString(), m, t, 100 *
				(m / t - 1), row.get("suv_peak").getAsDouble(), row.get("suv_max").getAsDouble());
			assertEquals(t, m, 0.01 * t, tissue);
			assertEquals("fdg", row.get("tracer").getAsString());
			assertEquals("bw", row.get("suv_type").getAsString());
		}
		final Csv csv = Csv.read(new File(out, SubjectAnalysis.CSV));
		assertEquals(MarrowTable.columns(java.util.Collections.emptyList()).size() + MarrowTable.PET_COLUMNS.size(), csv.header()
			.size());
		assertEquals("status", csv.header().get(csv.header().size() - 1));
		assertTrue(csv.header().containsAll(MarrowTable.PET_COLUMNS));
		assertTrue(new File(out, "qc/pet_fusion_coronal.png").isFile());
		final JsonObject prov = JsonParser.parseString(new String(Files.readAllBytes(new File(out, SubjectAnalysis.PROVENANCE)
			.toPath()), StandardCharsets.UTF_8)).getAsJsonObject();
		System.out.println("provenance keys " + prov.keySet());
		assertTrue(prov.toString().contains("\"suv_factor\""), "provenance records the SUV factor");
		assertTrue(prov.toString().contains("\"source\":\"parameter\""), "provenance records the value sources");
		// without PET the table keeps the CT columns only
		final File out2 = new File(dir, "out2");
		LauncherRun.inProcess("--run", "Analyze Subject", "ct='" + new File(dir, "pc.nii.gz") + "',site='femoral_shaft',out='" + out2 + "'")
			.assertOneJsonObject();
		assertEquals(MarrowTable.COLUMNS, Csv.read(new File(out2, SubjectAnalysis.CSV)).header());
	}

	@Test
	void realThighPetCtMarrowSuv(@TempDir final File dir) throws Exception {
		final File ct = SharedData.require("petct-thigh-sts027/ct");
		final File pet = SharedData.require("petct-thigh-sts027/pet");
		final File out = new File(System.getProperty("marrowj.fusion.dir", dir.getPath()), "thigh");
		final JsonObject r = LauncherRun.inProcess("--run", "Analyze Subject", "ct='" + ct + "',pet='" + pet + "',out='" + out + "'")
			.assertOneJsonObject();
		System.out.println("thigh: " + r.getAsJsonArray("rows") + " files " + r.getAsJsonArray("files"));
		final JsonObject row = r.getAsJsonArray("rows").get(0).getAsJsonObject();
		final double m = row.get("suv_mean").getAsDouble();
		assertTrue(Double.isFinite(m) && m > 0 && m < 10, "" + m);
		// suv_peak's sphere is centred in the region but averages the PET voxels around it (the tumour next to this femur included)
		assertTrue(row.get("suv_peak").getAsDouble() > 0 && row.get("suv_max").getAsDouble() >= m);
		assertTrue(r.getAsJsonArray("files").toString().contains("qc/pet_fusion_"));
		// Fuse PET on CT with the label map just written: the marrow outline (first outline colour) is drawn
		final File fused = new File(dir, "fused");
		final JsonObject f = LauncherRun.inProcess("--run", "Fuse PET on CT", "ct='" + ct + "',pet='" + pet + "',labels='" + new File(out,
			SubjectAnalysis.LABELS) + "',label_scheme='1=marrow',out='" + fused + "'").assertOneJsonObject();
		assertEquals(1, f.get("regions").getAsInt());
		final java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new File(fused, "pet_fusion_axial_marrow.png"));
		final int outline = org.marrowj.io.QcImages.PALETTE[2];
		int n = 0;
		for (int y = 0; y < img.getHeight(); y++)
			for (int x = 0; x < img.getWidth(); x++)
				if ((img.getRGB(x, y) & 0xFFFFFF) == outline) n++;
		assertTrue(n > 20, n + " outline pixels");
	}

	@Test
	void petOfAnotherFrameOfReferenceIsRefused(@TempDir final File dir) {
		final File ct = SharedData.require("petct-thigh-sts027/ct");
		final File pet = SharedData.require("pet-dicom-wholebody-fdg/dicom");
		LauncherRun.inProcess("--run", "Analyze Subject", "ct='" + ct + "',pet='" + pet + "',out='" + new File(dir, "o") + "'")
			.assertFailure(Main.BAD_INPUT, "assume_aligned");
		assertTrue(!new File(dir, "o/" + SubjectAnalysis.CSV).exists());
	}
}
