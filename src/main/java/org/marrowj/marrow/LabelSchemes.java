package org.marrowj.marrow;

import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.marrowj.image.LabelTable;

/**
 * Label schemes of segmentation maps and the vertebral level of a label name.
 */
public final class LabelSchemes {

	private LabelSchemes() {}

	/** TotalSegmentator v2 "total" task, ids 1..117 in order (class map of TotalSegmentator 2.x). */
	private static final String[] TOTALSEGMENTATOR_V2 = {
		"spleen", "kidney_right", "kidney_left", "gallbladder", "liver", "stomach", "pancreas",
		"adrenal_gland_right", "adrenal_gland_left", "lung_upper_lobe_left", "lung_lower_lobe_left",
		"lung_upper_lobe_right", "lung_middle_lobe_right", "lung_lower_lobe_right", "esophagus", "trachea",
		"thyroid_gland", "small_bowel", "duodenum", "colon", "urinary_bladder", "prostate", "kidney_cyst_left",
		"kidney_cyst_right", "sacrum", "vertebrae_S1", "vertebrae_L5", "vertebrae_L4", "vertebrae_L3",
		"vertebrae_L2", "vertebrae_L1", "vertebrae_T12", "vertebrae_T11", "vertebrae_T10", "vertebrae_T9",
		"vertebrae_T8", "vertebrae_T7", "vertebrae_T6", "vertebrae_T5", "vertebrae_T4", "vertebrae_T3",
		"vertebrae_T2", "vertebrae_T1", "vertebrae_C7", "vertebrae_C6", "vertebrae_C5", "vertebrae_C4",
		"vertebrae_C3", "vertebrae_C2", "vertebrae_C1", "heart", "aorta", "pulmonary_vein", "brachiocephalic_trunk",
		"subclavian_artery_right", "subclavian_artery_left", "common_carotid_artery_right",
		"common_carotid_artery_left", "brachiocephalic_vein_left", "brachiocephalic_vein_right",
		"atrial_appendage_left", "superior_vena_cava", "inferior_vena_cava", "portal_vein_and_splenic_vein",
		"iliac_artery_left", "iliac_artery_right", "iliac_vena_left", "iliac_vena_right", "humerus_left",
		"humerus_right", "scapula_left", "scapula_right", "clavicula_left", "clavicula_right", "femur_left",
		"femur_right", "hip_left", "hip_right", "spinal_cord", "gluteus_maximus_left", "gluteus_maximus_right",
		"gluteus_medius_left", "gluteus_medius_right", "gluteus_minimus_left", "gluteus_minimus_right",
		"autochthon_left", "autochthon_right", "iliopsoas_left", "iliopsoas_right", "brain", "skull", "rib_left_1",
		"rib_left_2", "rib_left_3", "rib_left_4", "rib_left_5", "rib_left_6", "rib_left_7", "rib_left_8",
		"rib_left_9", "rib_left_10", "rib_left_11", "rib_left_12", "rib_right_1", "rib_right_2", "rib_right_3",
		"rib_right_4", "rib_right_5", "rib_right_6", "rib_right_7", "rib_right_8", "rib_right_9", "rib_right_10",
		"rib_right_11", "rib_right_12", "sternum", "costal_cartilages"
	};

	/**
	 * The TotalSegmentator v2 "total" label map (ids 1..117): 25 sacrum, 26 vertebrae_S1,
	 * 27 vertebrae_L5 ... 31 vertebrae_L1, 32 vertebrae_T12 ... 43 vertebrae_T1, 44 vertebrae_C7 ...
	 * 50 vertebrae_C1, 69/70 humerus_left/right, 75/76 femur_left/right, 77/78 hip_left/right, ...
	 * (Wasserthal et al. 2023, Radiol Artif Intell 5:e230024; class map of TotalSegmentator 2.x).
	 */
	public static LabelTable totalSegmentator() {
		final TreeMap<Integer, String> m = new TreeMap<>();
		for (int i = 0; i < TOTALSEGMENTATOR_V2.length; i++)
			m.put(i + 1, TOTALSEGMENTATOR_V2[i]);
		return new LabelTable(m);
	}

	private static final Pattern LEVEL = Pattern.compile("(?i)^(?:vertebrae?[ _-]?)?(?:(th)|([CTLS]))[ _-]?(\\d{1,2})$");

	/**
	 * The vertebral level named by a label name: "vertebrae_T12", "T12", "Th12", "vertebra L1" give
	 * "T12", "T12", "T12", "L1"; "" when the name is not a vertebra (e.g. "sacrum", "femur_left").
	 * Valid levels: C1-C7, T1-T12, L1-L6 (L6: transitional anatomy), S1.
	 */
	public static String levelName(final String labelName) {
		if (labelName == null) return "";
		final Matcher m = LEVEL.matcher(labelName.trim());
		if (!m.matches()) return "";
		final char region = m.group(1) != null ? 'T' : m.group(2).toUpperCase(Locale.ROOT).charAt(0);
		final int n = Integer.parseInt(m.group(3));
		final int max = region == 'C' ? 7 : region == 'T' ? 12 : region == 'L' ? 6 : 1;
		return n >= 1 && n <= max ? region + Integer.toString(n) : "";
	}

	/** The vertebral level of label {@code id} in {@code table} ("" when it is not a vertebra). */
	public static String levelOf(final LabelTable table, final int id) {
		return table.contains(id) ? levelName(table.name(id)) : "";
	}
}
