package org.marrowj.qct;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.junit.jupiter.api.Test;
import org.marrowj.BadInputException;
import org.marrowj.SharedData;
import org.marrowj.image.Volume;
import org.marrowj.io.ImageReaders;

class NeckRealCtTest {

	/** A real thigh CT shows only the femoral shaft: the analysis must say that no head is in view, not invent one. */
	@Test
	void shaftOnlyCtIsRefusedWithAClearMessage() {
		final File dir = SharedData.require("petct-thigh-sts027/ct");
		final Volume<?> ct = ImageReaders.open(dir);
		final Calibration cal = Calibration.linear(new double[] { 0, 1250 }, new double[] { 0, 1000 }, 0.9);
		final BadInputException e = assertThrows(BadInputException.class, () -> analyze(ct, cal));
		System.out.println(e.getMessage());
		assertTrue(e.getMessage().startsWith("image"), e.getMessage());
		assertTrue(e.getMessage().contains("head") || e.getMessage().contains("neck"), e.getMessage());
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static NeckResult analyze(final Volume ct, final Calibration cal) {
		return FemoralNeck.analyze(ct, cal, new NeckSettings());
	}
}
