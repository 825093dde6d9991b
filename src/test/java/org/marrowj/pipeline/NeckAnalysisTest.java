package org.marrowj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;

/** NeckAnalysis on real DICOM: the body weight from PatientWeight, and a thigh CT without a femoral head. */
class NeckAnalysisTest {

	@Test
	void dicomPatientWeightIsRead() {
		final File dicom = SharedData.require("ct-dicom-siemens-t11-t12/dicom");
		final NeckAnalysis.Input in = NeckAnalysis.read(dicom);
		assertEquals(79.0, in.dicomWeight_kg, 0.0);
		assertEquals(Volume.HU, in.volume.valueUnit());
	}

	@Test
	void niftiHasNoDicomWeight(@TempDir final File dir) {
		final File f = new File(dir, "hip.nii.gz");
		final org.marrowj.phantom.HipOptions o = new org.marrowj.phantom.HipOptions();
		o.size(40, 40, 10);
		org.marrowj.phantom.Phantoms.write(org.marrowj.phantom.Phantoms.hip(o), dir, "hip");
		assertNull(NeckAnalysis.read(f).dicomWeight_kg);
	}

	@Test
	void realThighWithoutFemoralHeadIsRefusedAndNothingIsWritten(@TempDir final File dir) {
		final File ct = SharedData.require("petct-thigh-sts027/ct");
		final List<String> warnings = new ArrayList<>();
		final BadInputException e = assertThrows(BadInputException.class, () -> NeckAnalysis.run(ct, CalibrationSpec.of(0.8, 4), "left",
			null, 350, dir, warnings));
		assertTrue(e.getMessage().startsWith("qct: ") && e.getMessage().contains("no femoral neck analysis possible"), e.getMessage());
		System.out.println(e.getMessage());
		assertFalse(new File(dir, NeckAnalysis.CSV).exists());
	}

	@Test
	void badParameters(@TempDir final File dir) {
		assertEquals("side", assertThrows(BadInputException.class, () -> NeckAnalysis.parseSide("middle")).subject());
		assertEquals("slope_mgcm3_per_hu", assertThrows(BadInputException.class, () -> CalibrationSpec.of(-1, 0)).subject());
		final File bad = new File(dir, "bad.json");
		org.marrowj.io.Json.write(bad, java.util.Collections.singletonMap("slope", 1.0));
		final BadInputException e = assertThrows(BadInputException.class, () -> CalibrationSpec.read(bad));
		assertTrue(e.getMessage().contains("slope_mgcm3_per_hu"), e.getMessage());
	}
}
