package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.Main;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;
import org.marrowj.io.DicomSeriesReader;
import org.marrowj.io.Nifti;
import org.marrowj.marrow.FemoralShaftMarrow;
import org.marrowj.marrow.LabelSchemes;
import org.marrowj.marrow.MarrowRegion;
import org.marrowj.marrow.RegionStatistics;
import org.marrowj.marrow.RegionStats;
import org.marrowj.marrow.VertebralMarrow;

import com.google.gson.JsonObject;

import net.imglib2.type.numeric.real.FloatType;

/**
 * Analyze Subject on real CTs: the table equals what the marrow API gives on the same data; the QC
 * pictures are kept in target/analyze-subject-real/ for a person to look at.
 */
class AnalyzeSubjectRealCtTest {

	static final File KEEP = new File("target/analyze-subject-real");

	static void same(final RegionStatistics s, final Map<String, String> row) {
		final String r = row.get("region");
		assertEquals(s.voxels(), Long.parseLong(row.get("voxels")), r + " voxels");
		assertEquals(s.volume_ml(), Double.parseDouble(row.get("volume_ml")), 1e-9 * Math.abs(s.volume_ml()) + 1e-12, r);
		assertEquals(s.hu_mean(), Double.parseDouble(row.get("hu_mean")), 1e-8 * Math.abs(s.hu_mean()) + 1e-9, r + " hu_mean");
		assertEquals(s.hu_sd(), Double.parseDouble(row.get("hu_sd")), 1e-8 * Math.abs(s.hu_sd()) + 1e-9, r + " hu_sd");
		assertEquals(s.hu_median(), Double.parseDouble(row.get("hu_median")), 1e-8 * Math.abs(s.hu_median()) + 1e-9, r);
		assertEquals(s.hu_p05(), Double.parseDouble(row.get("hu_p05")), 1e-8 * Math.abs(s.hu_p05()) + 1e-9, r);
		assertEquals(s.hu_p95(), Double.parseDouble(row.get("hu_p95")), 1e-8 * Math.abs(s.hu_p95()) + 1e-9, r);
		assertTrue(row.get("status").equals("ok") || row.get("status").startsWith("check: "), row.get("status"));
	}

	@Test
	void siemensT11T12() throws Exception {
		final File dicom = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final File labels = SharedData.require("ct-dicom-siemens-t11-t12/totalsegmentator-labels.nii.gz");
		final File out = new File(KEEP, "t11-t12");
		final JsonObject report = AnalyzeSubjectTest.analyze("ct='" + dicom + "',labels='" + labels + "',out='" + out + "'")
			.assertOneJsonObject();
		assertEquals("vertebral_body", report.get("site").getAsString());
		assertEquals("ct-dicom-siemens-t11-t12", report.get("subject").getAsString());
		final List<Map<String, String>> rows = AnalyzeSubjectTest.table(out);
		assertEquals(2, rows.size(), rows.toString());
		assertEquals("T11", rows.get(0).get("level"));
		assertEquals("T12", rows.get(1).get("level"));
		assertEquals("33", rows.get(0).get("label"));
		assertEquals("32", rows.get(1).get("label"));
		// only the posterior elements of T11 are in these 20 slices: its core is measured, and flagged
		assertTrue(rows.get(0).get("status").startsWith("check: "), rows.get(0).get("status"));
		assertTrue(rows.get(0).get("status").contains("posterior half"), rows.get(0).get("status"));
		assertTrue(rows.get(0).get("status").contains("cut by the image's last slice"), rows.get(0).get("status"));
		assertEquals("check: the vertebra is cut by the image's first slice", rows.get(1).get("status"));
		final Volume<FloatType> ct = DicomSeriesReader.read(dicom, null).volume();
		final VertebralMarrow.Result api = VertebralMarrow.fromLabels(ct, (Volume) Nifti.read(labels), LabelSchemes.totalSegmentator(),
			new VertebralMarrow.Settings());
		for (final Map<String, String> row : rows) {
			final MarrowRegion r = api.level(row.get("level"));
			same(RegionStats.compute(ct, r), row);
			System.out.println("T11-T12 CT " + row);
		}
		AnalyzeSubjectTest.checkLabelMap(out, ct, rows);
		AnalyzeSubjectTest.checkQc(out, 2);
	}

	@Test
	void thighFemoralShaft() throws Exception {
		final File dicom = SharedData.require("petct-thigh-sts027/ct");
		final File out = new File(KEEP, "sts027");
		final JsonObject report = AnalyzeSubjectTest.analyze("ct='" + dicom + "',site='femoral_shaft',subject='STS_027',out='" + out +
			"'").assertOneJsonObject();
		assertTrue(report.getAsJsonArray("warnings").toString().contains("one femur"), report.toString());
		final List<Map<String, String>> rows = AnalyzeSubjectTest.table(out);
		assertEquals(1, rows.size());
		assertEquals("left", rows.get(0).get("side"));
		assertEquals("STS_027", rows.get(0).get("subject"));
		final Volume<FloatType> ct = DicomSeriesReader.read(dicom, null).volume();
		final FemoralShaftMarrow.Result api = FemoralShaftMarrow.segment(ct, new FemoralShaftMarrow.Settings());
		same(RegionStats.compute(ct, api.region("left")), rows.get(0));
		assertEquals("ok", rows.get(0).get("status"));
		System.out.println("STS_027 CT " + rows.get(0));
		AnalyzeSubjectTest.checkLabelMap(out, ct, rows);
		AnalyzeSubjectTest.checkQc(out, 1);
	}

	@Test
	void mrDicomRefused(@TempDir final File dir) throws Exception {
		final File dicom = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final File[] slices = dicom.listFiles();
		java.util.Arrays.sort(slices);
		final byte[] b = Files.readAllBytes(slices[0].toPath());
		// Modality (0008,0060) CS "CT" -> "MR" (explicit VR little endian)
		final byte[] tag = { 0x08, 0x00, 0x60, 0x00, 'C', 'S', 0x02, 0x00, 'C', 'T' };
		int at = -1;
		for (int i = 0; i + tag.length <= b.length && at < 0; i++) {
			boolean m = true;
			for (int k = 0; k < tag.length && m; k++)
				m = b[i + k] == tag[k];
			if (m) at = i;
		}
		assertTrue(at > 0, "Modality element found");
		b[at + 8] = 'M';
		b[at + 9] = 'R';
		final File mr = new File(dir, "mr.dcm");
		Files.write(mr.toPath(), b);
		final File out = new File(dir, "out");
		AnalyzeSubjectTest.analyze("ct='" + mr + "',out='" + out + "'").assertFailure(Main.BAD_INPUT, "MR");
		assertFalse(new File(out, SubjectAnalysis.CSV).exists());
	}
}
