package org.marrowj.phantom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.marrowj.image.Geometry;
import org.marrowj.image.LabelTable;
import org.marrowj.image.Volume;

import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * The femoral mid-shaft anatomy in world coordinates (LPS mm). Per thigh (centre (+-THIGH_CX, 0)):
 * skin/fat ellipse with semi-axes FAT_A (x) and FAT_B (y), muscle ellipse MUSCLE_A, MUSCLE_B; femur
 * centre (+-FEMUR_CX, FEMUR_CY); cortex = r(z)^2 &lt; d^2 &lt;= R(z)^2, marrow = d^2 &lt;= r(z)^2 (d = distance
 * to the femur centre); outside the thighs air. Radii see {@link FemurOptions}.
 */
final class FemurModel implements Anatomy {

	static final double THIGH_CX = 50, FAT_A = 48, FAT_B = 55, MUSCLE_A = 42, MUSCLE_B = 49, FEMUR_CX = 51, FEMUR_CY = 3;
	static final double PHASE_LEFT = 0, PHASE_RIGHT = Math.PI / 2;

	static final int AIR = 0, FAT = 1, MUSCLE = 2, CORTEX_LEFT = 3, MARROW_LEFT = 4, CORTEX_RIGHT = 5, MARROW_RIGHT = 6,
			OTHER_BONE = 7;
	static final String[] NAMES = { "air", "fat", "muscle", "cortex_left", "marrow_left", "cortex_right", "marrow_right",
		"other_bone" };

	private final FemurOptions o;
	private final double gapFrom, gapTo;

	FemurModel(final FemurOptions o, final double gapFrom_mm, final double gapTo_mm) {
		this.o = o;
		this.gapFrom = gapFrom_mm;
		this.gapTo = gapTo_mm;
	}

	double outer(final double z, final double phase) {
		return o.outerRadius_mm + o.outerAmplitude_mm * Math.sin(2 * Math.PI * z / o.period_mm + phase);
	}

	double inner(final double z, final double phase) {
		return o.innerRadius_mm + o.innerAmplitude_mm * Math.sin(2 * Math.PI * z / o.period_mm + phase);
	}

	/** Centre of the touching bone at height z (anterior of the left femur). */
	double[] touchingCentre(final double z) {
		return new double[] { FEMUR_CX, FEMUR_CY - (outer(z, PHASE_LEFT) + o.touchingRadius_mm - o.touchingOverlap_mm) };
	}

	@Override
	public Section at(final double z) {
		final double rl = outer(z, PHASE_LEFT), il = inner(z, PHASE_LEFT);
		final double rr = outer(z, PHASE_RIGHT), ir = inner(z, PHASE_RIGHT);
		final double rl2 = rl * rl, il2 = il * il, rr2 = rr * rr, ir2 = ir * ir;
		final boolean gap = o.openRing && z >= gapFrom && z <= gapTo;
		final double halfGap = o.openRingGap_mm / 2;
		final double[] tc = o.touchingBone ? touchingCentre(z) : null;
		final double tr2 = o.touchingRadius_mm * o.touchingRadius_mm;
		return (x, y) -> {
			final boolean left = x >= 0;
			final double dx = left ? x - THIGH_CX : x + THIGH_CX;
			if (dx * dx / (FAT_A * FAT_A) + y * y / (FAT_B * FAT_B) > 1) return AIR;
			final double fx = left ? x - FEMUR_CX : x + FEMUR_CX, fy = y - FEMUR_CY;
			final double d2 = fx * fx + fy * fy;
			if (left) {
				if (d2 <= il2) return MARROW_LEFT;
				if (d2 <= rl2) return CORTEX_LEFT;
				if (tc != null) {
					final double bx = x - tc[0], by = y - tc[1];
					if (bx * bx + by * by <= tr2) return OTHER_BONE;
				}
			}
			else {
				if (d2 <= ir2) return MARROW_RIGHT;
				if (d2 <= rr2) return gap && fx < 0 && Math.abs(fy) <= halfGap ? MUSCLE : CORTEX_RIGHT;
			}
			return dx * dx / (MUSCLE_A * MUSCLE_A) + y * y / (MUSCLE_B * MUSCLE_B) <= 1 ? MUSCLE : FAT;
		};
	}

	float[] hu() {
		return new float[] { (float) o.air_hu, (float) o.fat_hu, (float) o.muscle_hu, (float) o.cortex_hu, (float) o.marrowLeft_hu,
			(float) o.cortex_hu, (float) o.marrowRight_hu, (float) o.otherBone_hu };
	}

	static LabelTable names() {
		final Map<Integer, String> m = new LinkedHashMap<>();
		for (int i = 1; i < NAMES.length; i++)
			m.put(i, NAMES[i]);
		return new LabelTable(m);
	}

	/** Builds the phantom (image, tissues, truth) for the options. */
	static Phantom build(final FemurOptions o, final Map<String, String> properties) {
		o.validate();
		final Geometry g = o.geometry();
		final int[] dims = o.storedSize();
		final double zLo = Math.min(g.indexToWorld(0, 0, 0)[2], g.indexToWorld(0, 0, dims[2] - 1)[2]);
		final double zHi = Math.max(g.indexToWorld(0, 0, 0)[2], g.indexToWorld(0, 0, dims[2] - 1)[2]);
		final double gapFrom = o.openRingZ_mm != null ? o.openRingZ_mm[0] : zLo + (zHi - zLo) / 3;
		final double gapTo = o.openRingZ_mm != null ? o.openRingZ_mm[1] : zHi - (zHi - zLo) / 3;
		final FemurModel m = new FemurModel(o, gapFrom, gapTo);
		final Raster r = Raster.render(g, dims, m, m.hu(), o.noiseSd_hu, o.seed, o.integerNoise);
		final Volume<FloatType> image = new Volume<>(r.values, g, Volume.HU, "CT", properties);
		final Volume<UnsignedByteType> tissues = new Volume<>(r.tissues, g, Volume.LABEL, "SEG", properties);
		return new Phantom("femur", image, tissues, names(), m.truth(g, dims, gapFrom, gapTo));
	}

	Map<String, Object> truth(final Geometry g, final int[] dims, final double gapFrom, final double gapTo) {
		final Map<String, Object> t = new LinkedHashMap<>();
		t.put("kind", "femur");
		t.put("description", "Cross-section of both thighs, femoral mid-shaft stack; tissue decided at each voxel centre " +
			"by analytic shapes in world (LPS) coordinates");
		t.put("side_convention", "DICOM LPS world: +x = patient's left; the left femur has centre x > 0");
		Truths.common(t, o, g, dims);
		t.put("tissue_ids", Truths.ids(NAMES));
		final Map<String, Object> hu = new LinkedHashMap<>();
		final float[] v = hu();
		for (int i = 0; i < NAMES.length; i++)
			hu.put(NAMES[i], (double) v[i]);
		t.put("tissue_hu", hu);
		final Map<String, Object> thighs = new LinkedHashMap<>();
		thighs.put("centres_xy_mm", new double[][] { { THIGH_CX, 0 }, { -THIGH_CX, 0 } });
		thighs.put("fat_semi_axes_xy_mm", new double[] { FAT_A, FAT_B });
		thighs.put("muscle_semi_axes_xy_mm", new double[] { MUSCLE_A, MUSCLE_B });
		t.put("thighs", thighs);
		final String formula = "R(z) = outer_radius_mm + outer_amplitude_mm * sin(2 pi z / period_mm + phase_rad); " +
			"r(z) = inner_radius_mm + inner_amplitude_mm * sin(2 pi z / period_mm + phase_rad); z = world z (mm)";
		t.put("radius_formula", formula);
		final Map<String, Object> femurs = new LinkedHashMap<>();
		femurs.put("left", femur(+1, PHASE_LEFT, o.marrowLeft_hu, CORTEX_LEFT, MARROW_LEFT));
		femurs.put("right", femur(-1, PHASE_RIGHT, o.marrowRight_hu, CORTEX_RIGHT, MARROW_RIGHT));
		t.put("femurs", femurs);
		if (o.touchingBone) {
			final Map<String, Object> b = new LinkedHashMap<>();
			b.put("shape", "disc along z touching the left cortical ring from outside (anterior), overlapping it by overlap_mm; " +
				"the ring keeps its voxels");
			b.put("radius_mm", o.touchingRadius_mm);
			b.put("overlap_mm", o.touchingOverlap_mm);
			b.put("centre_formula", "(" + FEMUR_CX + ", " + FEMUR_CY + " - (R_left(z) + radius_mm - overlap_mm))");
			b.put("hu", o.otherBone_hu);
			b.put("tissue_id", OTHER_BONE);
			t.put("touching_bone", b);
		}
		if (o.openRing) {
			final Map<String, Object> b = new LinkedHashMap<>();
			b.put("femur", "right");
			b.put("shape", "cortex voxels with femur-relative x < 0 (lateral) and |y| <= gap_mm/2 become muscle");
			b.put("gap_mm", o.openRingGap_mm);
			b.put("z_from_mm", gapFrom);
			b.put("z_to_mm", gapTo);
			t.put("open_ring", b);
		}
		final List<Object> slices = new ArrayList<>();
		final double[] w = new double[3];
		for (int z = 0; z < dims[2]; z++) {
			g.indexToWorld(0, 0, z, w);
			final double zw = Raster.snap(w[2]);
			final Map<String, Object> s = new LinkedHashMap<>();
			s.put("index", z);
			s.put("z_mm", zw);
			s.put("left_outer_radius_mm", outer(zw, PHASE_LEFT));
			s.put("left_inner_radius_mm", inner(zw, PHASE_LEFT));
			s.put("right_outer_radius_mm", outer(zw, PHASE_RIGHT));
			s.put("right_inner_radius_mm", inner(zw, PHASE_RIGHT));
			if (o.openRing) s.put("right_ring_open", zw >= gapFrom && zw <= gapTo);
			slices.add(s);
		}
		t.put("slices", slices);
		return t;
	}

	private Map<String, Object> femur(final int sign, final double phase, final double marrowHu, final int cortexId,
		final int marrowId)
	{
		final Map<String, Object> f = new LinkedHashMap<>();
		f.put("centre_xy_mm", new double[] { sign * FEMUR_CX, FEMUR_CY });
		f.put("marrow_hu", marrowHu);
		f.put("cortex_hu", o.cortex_hu);
		f.put("outer_radius_mm", o.outerRadius_mm);
		f.put("outer_amplitude_mm", o.outerAmplitude_mm);
		f.put("inner_radius_mm", o.innerRadius_mm);
		f.put("inner_amplitude_mm", o.innerAmplitude_mm);
		f.put("period_mm", o.period_mm);
		f.put("phase_rad", phase);
		f.put("cortex_tissue_id", cortexId);
		f.put("marrow_tissue_id", marrowId);
		return f;
	}
}
