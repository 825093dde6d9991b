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
 * Proximal femur (patient's left) in world coordinates (LPS mm). Head centre H = (0, 0, 0). Neck
 * axis through H with unit direction u (from the head towards the shaft) = -(−sin(alpha) cos(v),
 * −sin(alpha) sin(v), cos(alpha)), alpha = 180 deg - neck-shaft angle, v = anteversion: the head
 * lies medial (−x), anterior (−y) and superior of the neck base. Cross-section axes: e1 = the
 * normalised component of +z orthogonal to u, e2 = u x e1. For a point p, d = p - H, s = d.u, q1 =
 * d.e1, q2 = d.e2:
 * <ul>
 * <li>head: |d| &lt;= R_h, trabecular where |d| &lt;= R_h - shell;</li>
 * <li>neck: 0 &lt;= s &lt;= L, q1^2/(A f)^2 + q2^2/(B f)^2 &lt;= 1, trabecular where q1^2/(A f-w)^2 +
 * q2^2/(B f-w)^2 &lt;= 1, with the waist profile f(s) = 1 + flare ((s - s_w)/L)^2 (f = 1 without a flare);</li>
 * <li>shaft: vertical tube about the axis through J = H + L u, for z &lt;= J_z + shaftAboveJunction
 * (outer radius), medullary where the radius is &lt;= inner radius and z &lt;= top - (outer - inner);</li>
 * <li>priority: head interior, neck interior, shaft interior, then cortical for any outer shape;</li>
 * <li>calibration phantom: block |x - 20| &lt;= 80, 90 &lt;= y &lt;= 110 (density 0); rods of radius
 * rodRadius about (x_i, 100), x_i = -40, -10, 20, 50, 80; table 115 &lt;= y &lt;= 125, |x - 20| &lt;=
 * 130; body: soft tissue ellipse (95, 70) about (20, 5) inside a fat ellipse (105, 80).</li>
 * </ul>
 */
final class HipModel implements Anatomy {

	static final int AIR = 0, FAT = 1, SOFT = 2, CORTICAL = 3, HEAD_TRAB = 4, NECK_TRAB = 5, SHAFT_MED = 6, BLOCK = 7, ROD1 = 8,
			TABLE = 13;
	static final String[] NAMES = { "air", "fat", "soft_tissue", "cortical", "trabecular_head", "trabecular_neck",
		"shaft_medullary", "phantom_block", "rod_1", "rod_2", "rod_3", "rod_4", "rod_5", "table" };
	static final double[] ROD_X = { -40, -10, 20, 50, 80 };
	static final double ROD_Y = 100, BLOCK_CX = 20, BLOCK_HALF_X = 80, BLOCK_Y0 = 90, BLOCK_Y1 = 110, TABLE_Y0 = 115,
			TABLE_Y1 = 125, TABLE_HALF_X = 130, BODY_CX = 20, BODY_CY = 5, SOFT_A = 95, SOFT_B = 70, FAT_A = 105, FAT_B = 80;

	private final HipOptions o;
	final double[] u, e1, e2, j;
	final double shaftTop;

	HipModel(final HipOptions o) {
		this.o = o;
		final double alpha = Math.toRadians(180 - o.neckShaftAngle_deg), v = Math.toRadians(o.anteversion_deg);
		u = new double[] { Math.sin(alpha) * Math.cos(v), Math.sin(alpha) * Math.sin(v), -Math.cos(alpha) };
		// e1 = z - (z.u) u, normalised
		final double zu = u[2];
		final double[] a = { -zu * u[0], -zu * u[1], 1 - zu * u[2] };
		final double n = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
		e1 = new double[] { a[0] / n, a[1] / n, a[2] / n };
		e2 = new double[] { u[1] * e1[2] - u[2] * e1[1], u[2] * e1[0] - u[0] * e1[2], u[0] * e1[1] - u[1] * e1[0] };
		j = new double[] { o.neckLength_mm * u[0], o.neckLength_mm * u[1], o.neckLength_mm * u[2] };
		shaftTop = j[2] + o.shaftAboveJunction_mm;
	}

	@Override
	public Section at(final double z) {
		final double rh2 = o.headRadius_mm * o.headRadius_mm, ri = o.headRadius_mm - o.headShell_mm, rhi2 = ri * ri;
		final double A = o.neckSemiAxis1_mm, B = o.neckSemiAxis2_mm;
		final double L = o.neckLength_mm, flare = o.neckFlare, sw = o.waistPosition();
		final boolean shaftZ = z <= shaftTop;
		final boolean shaftInnerZ = z <= shaftTop - (o.shaftOuterRadius_mm - o.shaftInnerRadius_mm);
		final double rs2 = o.shaftOuterRadius_mm * o.shaftOuterRadius_mm, rsi2 = o.shaftInnerRadius_mm * o.shaftInnerRadius_mm;
		final double rr2 = o.rodRadius_mm * o.rodRadius_mm;
		return (x, y) -> {
			final double d2 = x * x + y * y + z * z;
			final double s = x * u[0] + y * u[1] + z * u[2];
			final double q1 = x * e1[0] + y * e1[1] + z * e1[2], q2 = x * e2[0] + y * e2[1] + z * e2[2];
			final boolean neckS = s >= 0 && s <= L;
			final double sx = x - j[0], sy = y - j[1], r2 = sx * sx + sy * sy;
			if (d2 <= rhi2) return HEAD_TRAB;
			final double f = flare == 0 ? 1 : 1 + flare * ((s - sw) / L) * ((s - sw) / L);
			final double ai = A * f - o.neckWall_mm, bi = B * f - o.neckWall_mm, ao = A * f, bo = B * f;
			if (neckS && q1 * q1 / (ai * ai) + q2 * q2 / (bi * bi) <= 1) return NECK_TRAB;
			if (shaftInnerZ && r2 <= rsi2) return SHAFT_MED;
			if (d2 <= rh2 || neckS && q1 * q1 / (ao * ao) + q2 * q2 / (bo * bo) <= 1 || shaftZ && r2 <= rs2) return CORTICAL;
			for (int i = 0; i < 5; i++) {
				final double dx = x - ROD_X[i], dy = y - ROD_Y;
				if (dx * dx + dy * dy <= rr2) return ROD1 + i;
			}
			if (Math.abs(x - BLOCK_CX) <= BLOCK_HALF_X && y >= BLOCK_Y0 && y <= BLOCK_Y1) return BLOCK;
			if (Math.abs(x - BLOCK_CX) <= TABLE_HALF_X && y >= TABLE_Y0 && y <= TABLE_Y1) return TABLE;
			final double bx = x - BODY_CX, by = y - BODY_CY;
			if (bx * bx / (SOFT_A * SOFT_A) + by * by / (SOFT_B * SOFT_B) <= 1) return SOFT;
			if (bx * bx / (FAT_A * FAT_A) + by * by / (FAT_B * FAT_B) <= 1) return FAT;
			return AIR;
		};
	}

	double hu(final double density) {
		return o.intercept_hu + o.slope_hu_per_mg_cm3 * density;
	}

	/** Density (mg/cm^3 K2HPO4) per tissue id, NaN where the tissue is given in HU directly. */
	double[] densities() {
		final double[] d = new double[NAMES.length];
		java.util.Arrays.fill(d, Double.NaN);
		d[CORTICAL] = o.cortical_mg_cm3;
		d[HEAD_TRAB] = o.headTrabecular_mg_cm3;
		d[NECK_TRAB] = o.neckTrabecular_mg_cm3;
		d[SHAFT_MED] = o.shaftMedullary_mg_cm3;
		d[BLOCK] = 0;
		for (int i = 0; i < 5; i++)
			d[ROD1 + i] = o.rodK2hpo4_mg_cm3[i];
		return d;
	}

	float[] huTable() {
		final double[] d = densities();
		final float[] v = new float[NAMES.length];
		for (int i = 0; i < v.length; i++)
			v[i] = (float) hu(d[i]);
		v[AIR] = (float) o.air_hu;
		v[FAT] = (float) o.fat_hu;
		v[SOFT] = (float) o.softTissue_hu;
		v[TABLE] = (float) o.table_hu;
		return v;
	}

	static Phantom build(final HipOptions o, final Map<String, String> properties) {
		o.validate();
		final HipModel m = new HipModel(o);
		final Geometry g = o.geometry();
		final int[] dims = o.storedSize();
		final Raster r = Raster.render(g, dims, m, m.huTable(), o.noiseSd_hu, o.seed, o.integerNoise);
		final Map<Integer, String> tn = new LinkedHashMap<>();
		for (int i = 1; i < NAMES.length; i++)
			tn.put(i, NAMES[i]);
		final Volume<FloatType> image = new Volume<>(r.values, g, Volume.HU, "CT", properties);
		final Volume<UnsignedByteType> tissues = new Volume<>(r.tissues, g, Volume.LABEL, "SEG", properties);
		return new Phantom("hip", image, tissues, new LabelTable(tn), m.truth(g, dims));
	}

	Map<String, Object> truth(final Geometry g, final int[] dims) {
		final Map<String, Object> t = new LinkedHashMap<>();
		t.put("kind", "hip");
		t.put("description", "QCT of the patient's left proximal femur with a five-rod K2HPO4 calibration phantom under the " +
			"patient; tissue decided at each voxel centre by analytic shapes in world (LPS) coordinates");
		Truths.common(t, o, g, dims);
		t.put("tissue_ids", Truths.ids(NAMES));
		final float[] hu = huTable();
		final Map<String, Object> th = new LinkedHashMap<>();
		for (int i = 0; i < NAMES.length; i++)
			th.put(NAMES[i], (double) hu[i]);
		t.put("tissue_hu", th);
		final Map<String, Object> cal = new LinkedHashMap<>();
		cal.put("formula", "HU = intercept_hu + slope_hu_per_mg_cm3 * density_mg_cm3 (K2HPO4-equivalent)");
		cal.put("intercept_hu", o.intercept_hu);
		cal.put("slope_hu_per_mg_cm3", o.slope_hu_per_mg_cm3);
		t.put("calibration", cal);
		final Map<String, Object> dens = new LinkedHashMap<>();
		dens.put("cortical", o.cortical_mg_cm3);
		dens.put("trabecular_head", o.headTrabecular_mg_cm3);
		dens.put("trabecular_neck", o.neckTrabecular_mg_cm3);
		dens.put("shaft_medullary", o.shaftMedullary_mg_cm3);
		dens.put("phantom_block", 0.0);
		t.put("density_mg_cm3", dens);
		final List<Object> rods = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			final Map<String, Object> rd = new LinkedHashMap<>();
			rd.put("name", NAMES[ROD1 + i]);
			rd.put("tissue_id", ROD1 + i);
			rd.put("centre_xy_mm", new double[] { ROD_X[i], ROD_Y });
			rd.put("axis", new double[] { 0, 0, 1 });
			rd.put("radius_mm", o.rodRadius_mm);
			rd.put("k2hpo4_mg_cm3", o.rodK2hpo4_mg_cm3[i]);
			rd.put("water_equivalent_mg_cm3", o.rodWaterEquivalent_mg_cm3[i]);
			rd.put("hu", hu(o.rodK2hpo4_mg_cm3[i]));
			rods.add(rd);
		}
		t.put("rods", rods);
		final Map<String, Object> head = new LinkedHashMap<>();
		head.put("centre_mm", new double[] { 0, 0, 0 });
		head.put("radius_mm", o.headRadius_mm);
		head.put("shell_mm", o.headShell_mm);
		t.put("head", head);
		final Map<String, Object> neck = new LinkedHashMap<>();
		neck.put("axis_point_mm", new double[] { 0, 0, 0 });
		neck.put("axis_direction", u.clone());
		neck.put("axis_direction_meaning", "unit vector from the head centre towards the shaft");
		neck.put("length_mm", o.neckLength_mm);
		neck.put("outer_semi_axes_mm", new double[] { o.neckSemiAxis1_mm, o.neckSemiAxis2_mm });
		neck.put("inner_semi_axes_mm", new double[] { o.neckSemiAxis1_mm - o.neckWall_mm, o.neckSemiAxis2_mm - o.neckWall_mm });
		neck.put("semi_axis_directions", new double[][] { e1.clone(), e2.clone() });
		neck.put("wall_thickness_mm", o.neckWall_mm);
		neck.put("neck_shaft_angle_deg", o.neckShaftAngle_deg);
		neck.put("anteversion_deg", o.anteversion_deg);
		neck.put("cross_section_area_total_mm2", Math.PI * o.neckSemiAxis1_mm * o.neckSemiAxis2_mm);
		neck.put("cross_section_area_cortical_mm2", Math.PI * (o.neckSemiAxis1_mm * o.neckSemiAxis2_mm -
			(o.neckSemiAxis1_mm - o.neckWall_mm) * (o.neckSemiAxis2_mm - o.neckWall_mm)));
		if (o.neckFlare == 0)
			neck.put("profile", "constant cross-section along the axis for 0 <= s <= length_mm (s = (p - head centre) . direction)");
		else {
			neck.put("profile", "outer semi-axes scaled by f(s) = 1 + flare ((s - waist_s_mm) / length_mm)^2 for 0 <= s <= length_mm " +
				"(s = (p - head centre) . direction), inner semi-axes = outer - wall_thickness_mm; the semi-axes and areas above are those " +
				"of the waist (f = 1), the narrowest section");
			neck.put("flare", o.neckFlare);
			neck.put("waist_s_mm", o.waistPosition());
		}
		t.put("neck", neck);
		final Map<String, Object> shaft = new LinkedHashMap<>();
		shaft.put("axis_point_mm", j.clone());
		shaft.put("axis_direction", new double[] { 0, 0, 1 });
		shaft.put("outer_radius_mm", o.shaftOuterRadius_mm);
		shaft.put("inner_radius_mm", o.shaftInnerRadius_mm);
		shaft.put("top_z_mm", shaftTop);
		t.put("shaft", shaft);
		final Map<String, Object> table = new LinkedHashMap<>();
		table.put("y_range_mm", new double[] { TABLE_Y0, TABLE_Y1 });
		table.put("x_range_mm", new double[] { BLOCK_CX - TABLE_HALF_X, BLOCK_CX + TABLE_HALF_X });
		table.put("hu", o.table_hu);
		t.put("table", table);
		final Map<String, Object> block = new LinkedHashMap<>();
		block.put("y_range_mm", new double[] { BLOCK_Y0, BLOCK_Y1 });
		block.put("x_range_mm", new double[] { BLOCK_CX - BLOCK_HALF_X, BLOCK_CX + BLOCK_HALF_X });
		t.put("phantom_block", block);
		return t;
	}
}
