package org.marrowj.phantom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.image.Geometry;
import org.marrowj.image.LabelTable;
import org.marrowj.image.LabelVolume;
import org.marrowj.image.Volume;

import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.planar.PlanarImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The lumbar spine anatomy in world coordinates (LPS mm), column centred at z = 0, vertebral body
 * centres at (0, 0, z_k). Level k (T12 = 0 ... L5 = 5), body semi-axes a = width/2 (x), b =
 * depth/2 (y), height h:
 * <ul>
 * <li>body: x^2/a^2 + y^2/b^2 &lt;= 1 and |z - z_k| &lt;= h/2; core where x^2/(a-t)^2 + y^2/(b-t)^2
 * &lt;= 1 and |z - z_k| &lt;= h/2 - e (t = shell_mm, e = endplate_mm), shell elsewhere in the body;</li>
 * <li>posterior elements, for |z - z_k| &lt;= 0.4 h, with canal centre y_c = b + 10 (canal ellipse
 * semi-axes 11, 9, soft tissue): pedicles 11 &lt;= |x| &lt;= 17, b - 2 &lt;= y &lt;= y_c; lamina between
 * the canal ellipse and the ellipse (17, 15) about (0, y_c) for y &gt;= y_c; transverse processes
 * 17 &lt;= |x| &lt;= 38, |y - y_c| &lt;= 3; spinous process |x| &lt;= 3, y_c + 13 &lt;= y &lt;= y_c + 40;</li>
 * <li>discs: elliptic cylinders between consecutive bodies (and disc_mm above T12 and below L5),
 * semi-axes the mean of the adjacent bodies' (the one body's at the ends);</li>
 * <li>trunk: soft tissue ellipse (TRUNK_A - 10, TRUNK_B - 10), fat ellipse (TRUNK_A, TRUNK_B)
 * about (0, TRUNK_CY); air outside.</li>
 * </ul>
 */
final class SpineModel implements Anatomy {

	static final double TRUNK_A = 94, TRUNK_B = 88, TRUNK_CY = 15, FAT_LAYER = 10;
	static final int AIR = 0, FAT = 1, SOFT = 2, FIRST_LEVEL = 3, FIRST_DISC = 21;
	static final String[] DISCS = { "disc_T11_T12", "disc_T12_L1", "disc_L1_L2", "disc_L2_L3", "disc_L3_L4", "disc_L4_L5",
		"disc_L5_S1" };
	/** TotalSegmentator (v2) label of vertebrae T12, L1, ..., L5. */
	static final int[] TS_LABEL = { 32, 31, 30, 29, 28, 27 };

	static int core(final int k) {
		return FIRST_LEVEL + 3 * k;
	}

	static int shell(final int k) {
		return FIRST_LEVEL + 3 * k + 1;
	}

	static int posterior(final int k) {
		return FIRST_LEVEL + 3 * k + 2;
	}

	private final SpineOptions o;
	/** body centre z, top and bottom of each level; disc j spans [discLo[j], discHi[j]] */
	final double[] zc = new double[6], zTop = new double[6], zBottom = new double[6];
	final double[] discLo = new double[7], discHi = new double[7], discA = new double[7], discB = new double[7];

	SpineModel(final SpineOptions o) {
		this.o = o;
		double z = o.columnHeight_mm() / 2;
		for (int j = 0; j < 7; j++) {
			discHi[j] = z;
			discLo[j] = z - o.disc_mm;
			z -= o.disc_mm;
			final int above = j - 1, below = j;
			final double aAbove = above >= 0 ? o.width_mm[above] / 2 : Double.NaN, bAbove = above >= 0 ? o.depth_mm[above] / 2 : Double.NaN;
			final double aBelow = below < 6 ? o.width_mm[below] / 2 : Double.NaN, bBelow = below < 6 ? o.depth_mm[below] / 2 : Double.NaN;
			discA[j] = above < 0 ? aBelow : below >= 6 ? aAbove : (aAbove + aBelow) / 2;
			discB[j] = above < 0 ? bBelow : below >= 6 ? bAbove : (bAbove + bBelow) / 2;
			if (j < 6) {
				zTop[j] = z;
				zBottom[j] = z - o.height_mm[j];
				zc[j] = z - o.height_mm[j] / 2;
				z -= o.height_mm[j];
			}
		}
	}

	@Override
	public Section at(final double z) {
		int level = -1, disc = -1;
		for (int k = 0; k < 6; k++)
			if (z <= zTop[k] && z >= zBottom[k]) level = k;
		if (level < 0) for (int j = 0; j < 7; j++)
			if (z <= discHi[j] && z >= discLo[j]) disc = j;
		// posterior elements: the level whose posterior z range contains z
		int post = -1;
		for (int k = 0; k < 6; k++)
			if (Math.abs(z - zc[k]) <= 0.4 * o.height_mm[k]) post = k;
		final int lv = level, dj = disc, pk = post;
		final double a = lv >= 0 ? o.width_mm[lv] / 2 : dj >= 0 ? discA[dj] : 0;
		final double b = lv >= 0 ? o.depth_mm[lv] / 2 : dj >= 0 ? discB[dj] : 0;
		final double ai = a - o.shell_mm, bi = b - o.shell_mm;
		final boolean coreZ = lv >= 0 && Math.abs(z - zc[lv]) <= o.height_mm[lv] / 2 - o.endplate_mm;
		final double pb = pk >= 0 ? o.depth_mm[pk] / 2 : 0, yc = pb + 10;
		final double ta = TRUNK_A, tb = TRUNK_B, sa = TRUNK_A - FAT_LAYER, sb = TRUNK_B - FAT_LAYER;
		return (x, y) -> {
			if (lv >= 0 || dj >= 0) {
				if (x * x / (a * a) + y * y / (b * b) <= 1) {
					if (dj >= 0) return FIRST_DISC + dj;
					return coreZ && x * x / (ai * ai) + y * y / (bi * bi) <= 1 ? core(lv) : shell(lv);
				}
			}
			if (pk >= 0) {
				final double ax = Math.abs(x), dy = y - yc;
				final boolean inCanal = x * x / (11.0 * 11) + dy * dy / (9.0 * 9) <= 1;
				if (!inCanal) {
					final boolean pedicle = ax >= 11 && ax <= 17 && y >= pb - 2 && y <= yc;
					final boolean lamina = dy >= 0 && x * x / (17.0 * 17) + dy * dy / (15.0 * 15) <= 1;
					final boolean transverse = ax >= 17 && ax <= 38 && Math.abs(dy) <= 3;
					final boolean spinous = ax <= 3 && dy >= 13 && dy <= 40;
					if (pedicle || lamina || transverse || spinous) return posterior(pk);
				}
			}
			final double ty = y - TRUNK_CY;
			if (x * x / (sa * sa) + ty * ty / (sb * sb) <= 1) return SOFT;
			if (x * x / (ta * ta) + ty * ty / (tb * tb) <= 1) return FAT;
			return AIR;
		};
	}

	String[] names() {
		final String[] n = new String[FIRST_DISC + 7];
		n[AIR] = "air";
		n[FAT] = "fat";
		n[SOFT] = "soft_tissue";
		for (int k = 0; k < 6; k++) {
			n[core(k)] = "core_" + SpineOptions.LEVELS[k];
			n[shell(k)] = "shell_" + SpineOptions.LEVELS[k];
			n[posterior(k)] = "posterior_" + SpineOptions.LEVELS[k];
		}
		for (int j = 0; j < 7; j++)
			n[FIRST_DISC + j] = DISCS[j];
		return n;
	}

	float[] hu() {
		final float[] v = new float[FIRST_DISC + 7];
		v[AIR] = (float) o.air_hu;
		v[FAT] = (float) o.fat_hu;
		v[SOFT] = (float) o.softTissue_hu;
		for (int k = 0; k < 6; k++) {
			v[core(k)] = (float) o.coreHu[k];
			v[shell(k)] = (float) o.shell_hu;
			v[posterior(k)] = (float) o.posterior_hu;
		}
		for (int j = 0; j < 7; j++)
			v[FIRST_DISC + j] = (float) o.disc_hu;
		return v;
	}

	/** TotalSegmentator label per tissue id: the whole vertebra (core, shell, posterior elements). */
	static int[] tsLut() {
		final int[] lut = new int[256];
		for (int k = 0; k < 6; k++)
			lut[core(k)] = lut[shell(k)] = lut[posterior(k)] = TS_LABEL[k];
		return lut;
	}

	static LabelTable tsTable() {
		final Map<Integer, String> m = new LinkedHashMap<>();
		for (int k = 0; k < 6; k++)
			m.put(TS_LABEL[k], "vertebrae_" + SpineOptions.LEVELS[k]);
		return new LabelTable(m);
	}

	static Phantom build(final SpineOptions o, final Map<String, String> properties) {
		o.validate();
		final SpineModel m = new SpineModel(o);
		final Geometry g = o.geometry();
		final int[] dims = o.storedSize();
		final Raster r = Raster.render(g, dims, m, m.hu(), o.noiseSd_hu, o.seed, o.integerNoise);
		final PlanarImg<UnsignedByteType, ByteArray> labels = PlanarImgs.unsignedBytes(dims[0], dims[1], dims[2]);
		final int[] lut = tsLut();
		java.util.stream.IntStream.range(0, dims[2]).parallel().forEach(z -> {
			final byte[] t = r.tissues.getPlane(z).getCurrentStorageArray();
			final byte[] l = labels.getPlane(z).getCurrentStorageArray();
			for (int i = 0; i < t.length; i++)
				l[i] = (byte) lut[t[i] & 0xff];
		});
		final String[] names = m.names();
		final Map<Integer, String> tn = new LinkedHashMap<>();
		for (int i = 1; i < names.length; i++)
			tn.put(i, names[i]);
		final Volume<FloatType> image = new Volume<>(r.values, g, Volume.HU, "CT", properties);
		final Volume<UnsignedByteType> tissues = new Volume<>(r.tissues, g, Volume.LABEL, "SEG", properties);
		final LabelVolume<UnsignedByteType> lv = new LabelVolume<>(new Volume<>(labels, g, Volume.LABEL, "SEG", properties), tsTable());
		return new Phantom("spine", image, tissues, new LabelTable(tn), m.truth(g, dims), lv, null);
	}

	Map<String, Object> truth(final Geometry g, final int[] dims) {
		final Map<String, Object> t = new LinkedHashMap<>();
		t.put("kind", "spine");
		t.put("description", "Lumbar spine T12-L5 along z (T12 superior); tissue decided at each voxel centre by analytic " +
			"shapes in world (LPS) coordinates");
		Truths.common(t, o, g, dims);
		final String[] names = names();
		t.put("tissue_ids", Truths.ids(names));
		final float[] hu = hu();
		final Map<String, Object> th = new LinkedHashMap<>();
		for (int i = 0; i < names.length; i++)
			th.put(names[i], (double) hu[i]);
		t.put("tissue_hu", th);
		t.put("shell_mm", o.shell_mm);
		t.put("endplate_mm", o.endplate_mm);
		t.put("shell_definition", "core = inside the ellipse with semi-axes (width/2 - shell_mm, depth/2 - shell_mm) and " +
			"|z - centre_z| <= height/2 - endplate_mm; shell = rest of the body");
		t.put("labels", "TotalSegmentator numbering; each vertebra label = its core + shell + posterior elements");
		final List<Object> levels = new ArrayList<>();
		for (int k = 0; k < 6; k++) {
			final Map<String, Object> l = new LinkedHashMap<>();
			l.put("level", SpineOptions.LEVELS[k]);
			l.put("label", TS_LABEL[k]);
			l.put("label_name", "vertebrae_" + SpineOptions.LEVELS[k]);
			l.put("core_hu", o.coreHu[k]);
			l.put("body_centre_mm", new double[] { 0, 0, zc[k] });
			l.put("width_mm", o.width_mm[k]);
			l.put("depth_mm", o.depth_mm[k]);
			l.put("height_mm", o.height_mm[k]);
			l.put("z_top_mm", zTop[k]);
			l.put("z_bottom_mm", zBottom[k]);
			final double a = o.width_mm[k] / 2 - o.shell_mm, b = o.depth_mm[k] / 2 - o.shell_mm;
			final double hc = o.height_mm[k] - 2 * o.endplate_mm;
			l.put("core_volume_mm3", Math.PI * a * b * hc);
			l.put("body_volume_mm3", Math.PI * o.width_mm[k] / 2 * o.depth_mm[k] / 2 * o.height_mm[k]);
			l.put("core_tissue_id", core(k));
			l.put("shell_tissue_id", shell(k));
			l.put("posterior_tissue_id", posterior(k));
			l.put("canal_centre_y_mm", o.depth_mm[k] / 2 + 10);
			l.put("posterior_z_half_range_mm", 0.4 * o.height_mm[k]);
			levels.add(l);
		}
		t.put("levels", levels);
		final List<Object> discs = new ArrayList<>();
		for (int j = 0; j < 7; j++) {
			final Map<String, Object> d = new LinkedHashMap<>();
			d.put("name", DISCS[j]);
			d.put("tissue_id", FIRST_DISC + j);
			d.put("z_top_mm", discHi[j]);
			d.put("z_bottom_mm", discLo[j]);
			d.put("semi_axes_xy_mm", new double[] { discA[j], discB[j] });
			d.put("hu", o.disc_hu);
			discs.add(d);
		}
		t.put("discs", discs);
		final Map<String, Object> trunk = new LinkedHashMap<>();
		trunk.put("centre_xy_mm", new double[] { 0, TRUNK_CY });
		trunk.put("fat_semi_axes_xy_mm", new double[] { TRUNK_A, TRUNK_B });
		trunk.put("soft_tissue_semi_axes_xy_mm", new double[] { TRUNK_A - FAT_LAYER, TRUNK_B - FAT_LAYER });
		t.put("trunk", trunk);
		return t;
	}
}
