package org.marrowj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Collections;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.marrowj.image.Geometry;
import org.marrowj.image.Volume;
import org.marrowj.morph.Mask;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

class QcImagesTest {

	@Test
	void outlinesTheMaskBorderOverAWindowedSlice(@TempDir final File dir) throws Exception {
		final int n = 9;
		final float[] data = new float[n * n * 4];
		for (int i = 0; i < data.length; i++)
			data[i] = (i % n) * 100 - 400; // x = 0 -> -400 HU ... x = 8 -> 400 HU
		final ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(data, n, n, 4);
		final Volume<FloatType> v = new Volume<>(img, Geometry.ofSpacing(1, 1, 2), Volume.HU);
		final Mask m = new Mask(n, n, 4);
		for (int z = 0; z < 4; z++)
			for (int y = 2; y <= 6; y++)
				for (int x = 2; x <= 6; x++)
					m.set(x, y, z, true);
		final BufferedImage ax = QcImages.axial(v, 1, 0, 800, Collections.singletonList(new QcImages.Outline(m, 0xFF0000)));
		assertEquals(0x000000, ax.getRGB(0, 0) & 0xFFFFFF, "-400 HU is black in window 0/800");
		assertEquals(0xFFFFFF, ax.getRGB(8, 0) & 0xFFFFFF, "400 HU is white");
		assertEquals(0x808080, ax.getRGB(4, 0) & 0xFFFFFF, "0 HU is mid grey");
		assertEquals(0xFF0000, ax.getRGB(2, 4) & 0xFFFFFF, "border of the mask is outlined");
		assertEquals(0x808080, ax.getRGB(4, 4) & 0xFFFFFF, "inside of the mask keeps the image");
		final BufferedImage co = QcImages.coronal(v, 4, 0, 800, Collections.singletonList(new QcImages.Outline(m, 0x00FF00)));
		assertEquals(n, co.getWidth());
		assertEquals(8, co.getHeight(), "2 mm slices drawn two pixels high at 1 mm pixels");
		final File png = new File(dir, "qc/axial.png");
		QcImages.writePng(ax, png);
		final BufferedImage back = ImageIO.read(png);
		assertEquals(ax.getRGB(2, 4), back.getRGB(2, 4));
	}
}
