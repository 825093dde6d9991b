package org.marrowj.qct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Femoral-neck geometry and strength indices of one femur ({@link FemoralNeck#analyze}). Values a
 * given image or setting cannot support are NaN and listed in {@link #missing} with the reason;
 * {@link #toMap()} leaves them out. Densities are K2HPO4-equivalent.
 * <p>
 * Frame: s = (p - head centre) . axis (mm, from the head centre towards the shaft); in a section,
 * q1 along {@link #sectionSi} (the component of world +z (superior) orthogonal to the axis) and q2
 * along {@link #sectionAp} = axis x sectionSi.
 */
public final class NeckResult {

	/** "left" or "right": left when the neck axis runs from the head towards world +x (the patient's left is +x, the head is medial). */
	public String side;
	public double[] headCentre_mm;
	public double headRadius_mm, headFitRms_mm;
	/** Unit neck axis from the head centre towards the shaft (line through the head centre fitted to the section centroids). */
	public double[] axis;
	public double[] sectionSi, sectionAp;
	/** Position of the narrowest section along the axis (mm from the head centre) and its centre point (world mm). */
	public double narrowest_s_mm;
	public double[] narrowestCentre_mm;
	/** Thickness of the neck region (mm): the slab |s - narrowest_s_mm| &lt;= region_mm / 2. */
	public double region_mm;

	/** Compartment volumes (cm^3) over the neck region: voxel count x voxel volume / 1000. */
	public double totalVolume_cm3, corticalVolume_cm3, trabecularVolume_cm3;
	/** Mean density (mg/cm^3) of the voxels of each compartment. */
	public double totalVbmd_mgcm3, corticalVbmd_mgcm3, trabecularVbmd_mgcm3;
	/**
	 * Femoral neck width (mm): extent of the narrowest section along sectionSi (superior-inferior
	 * perpendicular to the axis), between its outer edges (0.5 level of the interpolated femur mask).
	 */
	public double fnw_mm;
	/** Area (cm^2) of the neck region's projection along world y (anterior-posterior) onto the coronal plane. */
	public double projectedArea_cm2;
	/** Projected areal BMD (g/cm^2) = neck region mineral mass (g) / projectedArea_cm2 (DXA-like). */
	public double abmd_gcm2;

	/** A [mm^2] = 100 x (aBMD[g/cm^2] / vBMD_cort[g/cm^3]) x FNW[cm]. */
	public double seedA_mm2;
	/** Z [cm^3] = (aBMD[g/cm^2] / vBMD_cort[g/cm^3]) x FNW[cm]^2. */
	public double seedZ_cm3;
	/** CSI [mm^2/N] = A / (W[kg] x 9.8). */
	public double csi_mm2_per_n = Double.NaN;
	/** Karlamangla CSI [g/(kg m)] = 100 x aBMD[g/cm^2] x FNW[cm] / W[kg]. */
	public double karlamanglaCsi_g_per_kg_m = Double.NaN;
	/** Buckling ratio, volume form = totalVolume / corticalVolume. */
	public double bucklingRatioVolume;
	/**
	 * Estimated cortical depth (mm) = sqrt(At/pi) - sqrt((At - Ac)/pi), At = total volume / region
	 * length, Ac = cortical volume / region length (the wall of the circular annulus with the same
	 * mean areas).
	 */
	public double corticalDepth_mm;

	/** Narrowest section: area (mm^2) inside the outer edge = sum of pixel area x interpolated femur-mask fraction. */
	public double sectionTotalArea_mm2;
	/** CSA (mm^2) = sum of pixel area x interpolated cortical fraction (fraction of the cortical voxel mask, density &gt;= cortical_mgcm3). */
	public double csa_mm2;
	/**
	 * CSMI (mm^4) for bending in the superior-inferior plane: sum of pixel area x cortical fraction x
	 * (q1 - q1_centroid)^2, about the centroidal axis along sectionAp; csmiAp_mm4 likewise with q2.
	 */
	public double csmi_mm4, csmiAp_mm4;
	/** Distance (mm) from the cortical centroid to the farther outer edge along sectionSi. */
	public double outerDistance_mm;
	/** Section modulus Z (mm^3) = csmi_mm4 / outerDistance_mm. */
	public double sectionModulus_mm3;
	/**
	 * HSA cortical thickness (mm) of the circular-annulus model: d = FNW, ED = sqrt(d^2 - 4 CSA / pi),
	 * thickness = (d - ED) / 2; HSA buckling ratio = (d / 2) / thickness.
	 */
	public double hsaCorticalThickness_mm, hsaBucklingRatio;

	/** Angle (degrees) between the neck axis towards the head and the distal shaft axis (line through the centroids of the lowest 30 mm). */
	public double neckShaftAngle_deg = Double.NaN;
	public double hipAxisLength_mm = Double.NaN;

	/** Reason per value left out (key = the {@link #toMap()} key). */
	public final Map<String, String> missing = new LinkedHashMap<>();
	public final List<String> warnings = new ArrayList<>();

	/** Values with units in their keys, in a fixed order; missing values are left out (see "missing"). */
	public Map<String, Object> toMap() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("side", side);
		m.put("head_centre_mm", headCentre_mm);
		put(m, "head_radius_mm", headRadius_mm);
		put(m, "head_fit_rms_mm", headFitRms_mm);
		m.put("neck_axis", axis);
		put(m, "narrowest_s_mm", narrowest_s_mm);
		m.put("narrowest_centre_mm", narrowestCentre_mm);
		put(m, "region_mm", region_mm);
		put(m, "total_volume_cm3", totalVolume_cm3);
		put(m, "cortical_volume_cm3", corticalVolume_cm3);
		put(m, "trabecular_volume_cm3", trabecularVolume_cm3);
		put(m, "total_vbmd_mgcm3", totalVbmd_mgcm3);
		put(m, "cortical_vbmd_mgcm3", corticalVbmd_mgcm3);
		put(m, "trabecular_vbmd_mgcm3", trabecularVbmd_mgcm3);
		put(m, "fnw_mm", fnw_mm);
		put(m, "projected_area_cm2", projectedArea_cm2);
		put(m, "abmd_gcm2", abmd_gcm2);
		put(m, "a_mm2", seedA_mm2);
		put(m, "z_cm3", seedZ_cm3);
		put(m, "csi_mm2_per_n", csi_mm2_per_n);
		put(m, "karlamangla_csi_g_per_kg_m", karlamanglaCsi_g_per_kg_m);
		put(m, "buckling_ratio_volume", bucklingRatioVolume);
		put(m, "cortical_depth_mm", corticalDepth_mm);
		put(m, "section_total_area_mm2", sectionTotalArea_mm2);
		put(m, "csa_mm2", csa_mm2);
		put(m, "csmi_mm4", csmi_mm4);
		put(m, "csmi_ap_mm4", csmiAp_mm4);
		put(m, "outer_distance_mm", outerDistance_mm);
		put(m, "section_modulus_mm3", sectionModulus_mm3);
		put(m, "hsa_cortical_thickness_mm", hsaCorticalThickness_mm);
		put(m, "hsa_buckling_ratio", hsaBucklingRatio);
		put(m, "neck_shaft_angle_deg", neckShaftAngle_deg);
		put(m, "hip_axis_length_mm", hipAxisLength_mm);
		if (!missing.isEmpty()) m.put("missing", new LinkedHashMap<>(missing));
		if (!warnings.isEmpty()) m.put("warnings", new ArrayList<>(warnings));
		return m;
	}

	private static void put(final Map<String, Object> m, final String key, final double v) {
		if (!Double.isNaN(v)) m.put(key, v);
	}
}
