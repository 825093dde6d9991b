package org.marrowj.pet;

import java.util.LinkedHashMap;
import java.util.Map;

import org.marrowj.image.Geometry;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;

import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Benchmark (main, not a test): a 192 x 192 x 300 PET (4 x 4 x 3 mm) mapped onto a 512 x 512 x 300
 * label grid (0.9766 x 0.9766 x 3 mm) with 6 regions (bone-marrow sized cylinders), regional SUV
 * statistics ({@link RegionalUptake#compute}); prints the seconds of each repetition, and of the
 * first step alone (the scan of the whole label grid for each label's bounding box).
 * Arguments: [repetitions (default 5)].
 */
public final class PetMapBench {

	public static void main(final String[] args) {
		final int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		final int pn = 192, pz = 300, ln = 512, lz = 300;
		final double ps = 4, ls = 500.0 / 512, sz = 3;
		final Geometry pg = new Geometry(new double[] { ps, ps, sz }, new double[] { -ps * (pn - 1) / 2, -ps * (pn - 1) / 2, 0 },
			new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 });
		final Geometry lg = new Geometry(new double[] { ls, ls, sz }, new double[] { -ls * (ln - 1) / 2, -ls * (ln - 1) / 2, 0 },
			new double[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 });
		final float[] pet = new float[pn * pn * pz];
		for (int i = 0; i < pet.length; i++)
			pet[i] = 1000 + (i * 7919 % 1000);
		final Map<String, String> props = new LinkedHashMap<>();
		props.put(PetCtMapping.FRAME_OF_REFERENCE_UID, "1.2.3");
		final Volume<FloatType> pv = new Volume<>(ArrayImgs.floats(new FloatArray(pet), pn, pn, pz), pg, Volume.BQML, "PT", props);
		final byte[] lab = new byte[ln * ln * lz];
		// 6 cylinders of radius 12 mm along z over 2/3 of the slices: two femora, four vertebra-like
		final double[][] centres = { { -90, 40 }, { 90, 40 }, { 0, -60 }, { 0, -20 }, { -40, -100 }, { 40, -100 } };
		for (int z = lz / 6; z < lz * 5 / 6; z++)
			for (int y = 0; y < ln; y++)
				for (int x = 0; x < ln; x++) {
					final double wx = lg.origin()[0] + x * ls, wy = lg.origin()[1] + y * ls;
					for (int k = 0; k < centres.length; k++)
						if ((wx - centres[k][0]) * (wx - centres[k][0]) + (wy - centres[k][1]) * (wy - centres[k][1]) <= 144)
							lab[x + ln * (y + ln * z)] = (byte) (k + 1);
				}
		final Volume<UnsignedByteType> lv = new Volume<>(ArrayImgs.unsignedBytes(new ByteArray(lab), ln, ln, lz), lg, Volume.LABEL, "SEG",
			props);
		System.out.println("cores " + Runtime.getRuntime().availableProcessors());
		for (int r = 0; r < reps; r++) {
			final long t = System.nanoTime();
			final RegionalUptake.Result res = RegionalUptake.compute(pv, lv, LabelTable.empty(), null);
			final double s = (System.nanoTime() - t) / 1e9;
			final long tb = System.nanoTime();
			RegionalUptake.boxes(lv);
			final double sb = (System.nanoTime() - tb) / 1e9;
			System.out.printf("  of which scanning the label grid for the regions' boxes (alone) %.3f s%n", sb);
			System.out.printf("run %d: %.3f s (%d regions, region 1 voxels %d, mean %.2f)%n", r + 1, s, res.rows().size(), res.row(1).voxels,
				res.row(1).suv_mean);
		}
	}
}
