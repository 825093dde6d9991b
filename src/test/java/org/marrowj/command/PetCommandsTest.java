package org.marrowj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Iterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.LauncherRun;
import org.marrowj.Main;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeg;
import org.marrowj.io.DicomSeries;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.Nifti;
import org.marrowj.pet.PetSuv;
import org.marrowj.pet.RegionalUptake;
import org.marrowj.pet.Suv;
import org.marrowj.pet.SuvResult;
import org.marrowj.pet.SuvType;
import org.marrowj.phantom.PetCtOptions;
import org.marrowj.phantom.Phantoms;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Convert PET to SUV and Regional PET Uptake through the launcher and CommandService, on the real whole-body FDG PET. */
class PetCommandsTest {

	static final String WB = "pet-dicom-wholebody-fdg/dicom", SEG = "pet-dicom-wholebody-fdg/lesions-seg.dcm";

	/** By hand: weight 66.2 kg, dose 381470000 Bq injected 11:39:00, scan start 13:02:44.678, T1/2 6586.2 s. */
	static double dtS() {
		return Duration.between(LocalTime.of(11, 39, 0), LocalTime.of(13, 2, 44, 678_000_000)).toNanos() / 1e9;
	}

	@Test
	void convertRealPetToSuvThroughTheLauncher(@TempDir final File dir) throws Exception {
		final File pet = SharedData.require(WB);
		final File out = new File(dir, "suv.nii.gz");
		final JsonObject r = LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + pet + "',out='" + out + "'")
			.assertOneJsonObject();
		final double expected = 66200 / (381470000 * Math.pow(2, -dtS() / 6586.2));
		final double factor = r.get("suv_factor").getAsDouble();
		System.out.printf("Convert PET to SUV: factor %.9g (by hand %.9g), suv_max %.4f, decay %.6f, scan %s, injection %s%n", factor,
			expected, r.get("suv_max").getAsDouble(), r.get("decay_factor").getAsDouble(), r.get("scan_start").getAsString(), r.get(
				"injection").getAsString());
		assertEquals(2.94480405e-4, factor, 1e-9 * factor);
		assertEquals(expected, factor, 1e-9 * factor);
		assertEquals("bw", r.get("suv_type").getAsString());
		assertEquals("header", r.getAsJsonObject("inputs").getAsJsonObject("patient_weight_kg").get("source").getAsString());
		// the report is also the image's sidecar
		final JsonObject sidecar = com.google.gson.JsonParser.parseString(new String(java.nio.file.Files.readAllBytes(new File(dir,
			"suv.json").toPath()), java.nio.charset.StandardCharsets.UTF_8)).getAsJsonObject();
		assertEquals(factor, sidecar.get("suv_factor").getAsDouble(), 0);
		assertEquals(new File(dir, "suv.json").getAbsolutePath(), r.get("sidecar").getAsString());
		// the written image is the Bq/mL volume times the factor, voxel by voxel, on the same grid
		final DicomSeries s = DicomSeriesReader.read(pet, null);
		final Volume<?> written = Nifti.read(out);
		assertTrue(written.geometry().sameGrid(s.volume().geometry(), 1e-4));
		assertEquals(Volume.SUV, written.valueUnit());
		double max = Double.NEGATIVE_INFINITY;
		final Iterator<FloatType> a = Views.flatIterable(s.volume().image()).iterator();
		final Iterator<? extends RealType<?>> b = Views.flatIterable(written.image()).iterator();
		while (a.hasNext()) {
			final float want = (float) (a.next().get() * factor);
			final double got = b.next().getRealDouble();
			assertEquals(want, got, Math.abs(want) * 1e-6);
			max = Math.max(max, got);
		}
		assertEquals(max, r.get("suv_max").getAsDouble(), 1e-6 * max);
	}

	@Test
	void overridesChangeTheFactorAsComputedByHand(@TempDir final File dir) {
		final File pet = SharedData.require(WB);
		final JsonObject r = LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + pet + "',out='" + new File(dir,
			"suv.nii.gz") + "',weight_kg='80',dose_mbq='400',injection_time='11:45:00'").assertOneJsonObject();
		final double dt = Duration.between(LocalTime.of(11, 45, 0), LocalTime.of(13, 2, 44, 678_000_000)).toNanos() / 1e9;
		final double expected = 80000 / (400e6 * Math.pow(2, -dt / 6586.2));
		assertEquals(expected, r.get("suv_factor").getAsDouble(), 1e-12 * expected);
		final JsonObject w = r.getAsJsonObject("inputs").getAsJsonObject("patient_weight_kg");
		assertEquals("parameter", w.get("source").getAsString());
		assertEquals(66.2, w.get("header_value").getAsDouble(), 1e-9);
		// SUL (James) for a man of 66.2 kg (header) and 170 cm (override)
		final JsonObject sul = LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + pet + "',out='" + new File(dir,
			"sul.nii.gz") + "',suv_type='lbm_james',height_cm='170',sex='M'").assertOneJsonObject();
		final double lbm = 1.10 * 66.2 - 128 * (66.2 / 170) * (66.2 / 170);
		final double expSul = lbm * 1000 / (381470000 * Math.pow(2, -dtS() / 6586.2));
		assertEquals(expSul, sul.get("suv_factor").getAsDouble(), 1e-9 * expSul);
	}

	@Test
	void niftiPetWithoutOverridesIsRefusedNamingTheValues(@TempDir final File dir) {
		final PetCtOptions o = new PetCtOptions();
		o.ct.nz = 12;
		Phantoms.write(Phantoms.petct(o), dir, "pc");
		final File pet = new File(dir, "pc_pet.nii.gz");
		LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + pet + "',out='" + new File(dir, "s.nii.gz") + "'").assertFailure(
			Main.BAD_INPUT, "dose_mbq", "weight_kg", "injection_time", "scan_time", "half_life_s");
		// with the phantom's values the factor is the phantom's truth
		final JsonObject r = LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + pet + "',out='" + new File(dir,
			"s.nii.gz") + "',dose_mbq='350',weight_kg='75',injection_time='2024-01-15 09:30:00',scan_time='2024-01-15 10:30:00'," +
			"half_life_s='6586.2'").assertOneJsonObject();
		final double expected = 75000 / (3.5e8 * Math.pow(2, -3600 / 6586.2));
		assertEquals(expected, r.get("suv_factor").getAsDouble(), 1e-12 * expected);
	}

	@Test
	void decayCorrectionNoneIsRefused(@TempDir final File dir) throws Exception {
		final File src = SharedData.require(WB);
		final File copy = new File(dir, "none");
		copy.mkdirs();
		final byte[] start = "START ".getBytes(StandardCharsets.US_ASCII), none = "NONE  ".getBytes(StandardCharsets.US_ASCII);
		final byte[] tag = { 0x54, 0x00, 0x02, 0x11 };
		for (final File f : src.listFiles()) {
			final byte[] d = Files.readAllBytes(f.toPath());
			final int i = indexOf(d, tag);
			if (i >= 0 && indexOf(java.util.Arrays.copyOfRange(d, i + 8, i + 14), start) == 0) System.arraycopy(none, 0, d, i + 8, 6);
			Files.write(new File(copy, f.getName()).toPath(), d);
		}
		LauncherRun.inProcess("--run", "Convert PET to SUV", "pet='" + copy + "',out='" + new File(dir, "s.nii.gz") + "'")
			.assertFailure(Main.BAD_INPUT, "DecayCorrection", "NONE");
	}

	private static int indexOf(final byte[] d, final byte[] p) {
		outer: for (int i = 0; i + p.length <= d.length; i++) {
			for (int k = 0; k < p.length; k++)
				if (d[i + k] != p[k]) continue outer;
			return i;
		}
		return -1;
	}

	@Test
	void regionalUptakeOfTheSegLesionsThroughCommandService(@TempDir final File dir) throws Exception {
		final File pet = SharedData.require(WB);
		final File seg = SharedData.require(SEG);
		final File out = new File(dir, "lesions.csv");
		final Context context = new Context(CommandService.class);
		final String json;
		try {
			final CommandModule m = context.service(CommandService.class).run(RegionalPetUptake.class, true, "pet", pet, "labels", seg,
				"out", out).get();
			json = (String) m.getOutput("json");
		}
		finally {
			context.dispose();
		}
		final JsonObject r = JsonParser.parseString(json).getAsJsonObject();
		final JsonArray rows = r.getAsJsonArray("rows");
		// the same numbers straight from the library
		final DicomSeries s = DicomSeriesReader.read(pet, null);
		final SuvResult suv = Suv.compute(PetSuv.fromPetInfo(s.petInfo(), s.rescaleSlopes()), SuvType.BW);
		final DicomSeg sg = DicomSeg.read(seg);
		final RegionalUptake.Result want = RegionalUptake.compute(PetSuv.toSuv(s.volume(), suv), sg.volume(), sg.table(), null);
		assertEquals(want.rows().size(), rows.size());
		for (int i = 0; i < rows.size(); i++) {
			final JsonObject g = rows.get(i).getAsJsonObject();
			final RegionalUptake.Row w = want.rows().get(i);
			System.out.println("lesion " + g);
			assertEquals(w.label, g.get("label").getAsInt());
			assertEquals(w.name, g.get("region").getAsString());
			assertEquals("ok", g.get("status").getAsString());
			assertEquals(w.voxels, g.get("voxels").getAsLong());
			assertEquals(w.suv_mean, g.get("suv_mean").getAsDouble(), 1e-12 * w.suv_mean);
			assertEquals(w.suv_max, g.get("suv_max").getAsDouble(), 1e-12 * w.suv_max);
			assertEquals(w.suv_peak, g.get("suv_peak").getAsDouble(), 1e-12 * w.suv_peak);
			assertTrue(w.suv_max >= w.suv_peak && w.suv_peak >= 0);
			assertNull(g.get("fur_per_min"));
		}
		final String csv = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
		assertTrue(csv.startsWith(String.join(",", RegionalPetUptake.COLUMNS) + "\n"), csv);
		assertEquals(rows.size() + 1, csv.trim().split("\n").length);
	}

	@Test
	void frameOfReferenceMismatchAndNoOverlap() {
		final File thighPet = SharedData.require("petct-thigh-sts027/pet");
		final File seg = SharedData.require(SEG);
		LauncherRun.inProcess("--run", "Regional PET Uptake", "pet='" + thighPet + "',labels='" + seg + "'").assertFailure(
			Main.BAD_INPUT, "assume_aligned", "FrameOfReferenceUID");
		LauncherRun.inProcess("--run", "Regional PET Uptake", "pet='" + thighPet + "',labels='" + seg + "',assume_aligned=true")
			.assertFailure(Main.BAD_INPUT, "do not overlap");
	}

	@Test
	void fdgRateNeedsTheLumpedConstant(@TempDir final File dir) throws Exception {
		final File pet = SharedData.require(WB);
		final File seg = SharedData.require(SEG);
		final File input = new File(dir, "input.csv");
		Files.write(input.toPath(), "time_min,activity_kbq_ml\n0,0\n1,50\n5,20\n30,8\n90,5\n".getBytes(StandardCharsets.UTF_8));
		LauncherRun.inProcess("--run", "Regional PET Uptake", "pet='" + pet + "',labels='" + seg + "',input_function='" + input +
			"',glucose_mmol='5.0'").assertFailure(Main.BAD_INPUT, "lc");
		final JsonObject r = LauncherRun.inProcess("--run", "Regional PET Uptake", "pet='" + pet + "',labels='" + seg +
			"',input_function='" + input + "',glucose_mmol='5.0',lc='0.65',frame_mid_min='85'").assertOneJsonObject();
		final JsonObject row = r.getAsJsonArray("rows").get(0).getAsJsonObject();
		// by hand: tissue Bq/mL at injection = suv_mean / (factor x decay); FUR = (Bq/mL / 1000) / integral_0^85 Cp
		final double factor = r.getAsJsonObject("suv").get("suv_factor").getAsDouble();
		final double decay = r.getAsJsonObject("suv").get("decay_factor").getAsDouble();
		final double kbq = row.get("suv_mean").getAsDouble() / (factor * decay) / 1000;
		// trapezoids 0..1, 1..5, 5..30, then 30..85 up to Cp(85) = 8 + (5 - 8) x 55 / 60 = 5.25
		final double integral = 0.5 * 1 * (0 + 50) + 0.5 * 4 * (50 + 20) + 0.5 * 25 * (20 + 8) + 0.5 * 55 * (8 + 5.25);
		final double fur = row.get("fur_per_min").getAsDouble();
		System.out.printf("lesion 1 FUR %.6g /min, GU %.4g umol/100g/min, kBq/mL %.3f, integral (trapezoid) %.3f%n", fur, row.get(
			"uptake_umol_100g_min").getAsDouble(), kbq, integral);
		assertEquals(fur * 5.0 * 100 / 0.65, row.get("uptake_umol_100g_min").getAsDouble(), 1e-9 * fur * 1000);
		assertEquals(kbq / integral, fur, 1e-9 * fur);
	}

	@Test
	void fusePetOnTheThighCt(@TempDir final File dir) throws Exception {
		final File ct = SharedData.require("petct-thigh-sts027/ct");
		final File pet = SharedData.require("petct-thigh-sts027/pet");
		final File out = new File(System.getProperty("marrowj.fusion.dir", dir.getPath()), "fusion");
		final JsonObject r = LauncherRun.inProcess("--run", "Fuse PET on CT", "ct='" + ct + "',pet='" + pet + "',suv_max=3,opacity=0.6,out='" +
			out + "'").assertOneJsonObject();
		System.out.println("Fuse PET on CT: " + r);
		final JsonArray files = r.getAsJsonArray("files");
		assertEquals(2, files.size());
		for (int i = 0; i < files.size(); i++) {
			final java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new File(out, files.get(i).getAsString()));
			assertTrue(img.getWidth() >= 256);
			// some pixels carry the PET colour (red above green and blue), the CT alone being grey
			int coloured = 0;
			for (int y = 0; y < img.getHeight(); y++)
				for (int x = 0; x < img.getWidth(); x++) {
					final int c = img.getRGB(x, y);
					if (((c >> 16) & 255) > ((c >> 8) & 255) + 20) coloured++;
				}
			assertTrue(coloured > 100, files.get(i) + ": " + coloured + " coloured pixels");
		}
		LauncherRun.inProcess("--run", "Fuse PET on CT", "ct='" + ct + "',pet='" + pet + "',suv_min=3,suv_max=1,out='" + out + "'")
			.assertFailure(Main.BAD_INPUT, "suv_max");
	}
}
