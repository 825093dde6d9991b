package org.marrowj.io;

import java.util.HashMap;
import java.util.Map;

/**
 * DICOM tags as one int {@code (group << 16) | element}, e.g. PixelSpacing (0028,0030) =
 * {@code 0x00280030}, with the few names MarrowJ uses in its messages and the value
 * representations an Implicit VR data set needs to be decoded.
 */
public final class DicomTag {

	private DicomTag() {}

	public static final int TRANSFER_SYNTAX_UID = 0x00020010;
	public static final int SPECIFIC_CHARACTER_SET = 0x00080005;
	public static final int IMAGE_TYPE = 0x00080008;
	public static final int SOP_CLASS_UID = 0x00080016;
	public static final int SOP_INSTANCE_UID = 0x00080018;
	public static final int STUDY_DATE = 0x00080020;
	public static final int SERIES_DATE = 0x00080021;
	public static final int ACQUISITION_DATE = 0x00080022;
	public static final int ACQUISITION_DATE_TIME = 0x0008002A;
	public static final int STUDY_TIME = 0x00080030;
	public static final int SERIES_TIME = 0x00080031;
	public static final int ACQUISITION_TIME = 0x00080032;
	public static final int MODALITY = 0x00080060;
	public static final int MANUFACTURER = 0x00080070;
	public static final int SERIES_DESCRIPTION = 0x0008103E;
	public static final int PATIENT_ID = 0x00100020;
	public static final int PATIENT_SEX = 0x00100040;
	public static final int PATIENT_SIZE = 0x00101020;
	public static final int PATIENT_WEIGHT = 0x00101030;
	public static final int RADIOPHARMACEUTICAL = 0x00180031;
	public static final int SLICE_THICKNESS = 0x00180050;
	public static final int SPACING_BETWEEN_SLICES = 0x00180088;
	public static final int RADIOPHARMACEUTICAL_START_TIME = 0x00181072;
	public static final int RADIONUCLIDE_TOTAL_DOSE = 0x00181074;
	public static final int RADIONUCLIDE_HALF_LIFE = 0x00181075;
	public static final int RADIOPHARMACEUTICAL_START_DATE_TIME = 0x00181078;
	public static final int GANTRY_DETECTOR_TILT = 0x00181120;
	public static final int ACTUAL_FRAME_DURATION = 0x00181242;
	public static final int STUDY_INSTANCE_UID = 0x0020000D;
	public static final int SERIES_INSTANCE_UID = 0x0020000E;
	public static final int SERIES_NUMBER = 0x00200011;
	public static final int INSTANCE_NUMBER = 0x00200013;
	public static final int IMAGE_POSITION_PATIENT = 0x00200032;
	public static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
	public static final int FRAME_OF_REFERENCE_UID = 0x00200052;
	public static final int SAMPLES_PER_PIXEL = 0x00280002;
	public static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
	public static final int PLANAR_CONFIGURATION = 0x00280006;
	public static final int NUMBER_OF_FRAMES = 0x00280008;
	public static final int ROWS = 0x00280010;
	public static final int COLUMNS = 0x00280011;
	public static final int PIXEL_SPACING = 0x00280030;
	public static final int BITS_ALLOCATED = 0x00280100;
	public static final int BITS_STORED = 0x00280101;
	public static final int HIGH_BIT = 0x00280102;
	public static final int PIXEL_REPRESENTATION = 0x00280103;
	public static final int RESCALE_INTERCEPT = 0x00281052;
	public static final int RESCALE_SLOPE = 0x00281053;
	public static final int RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE = 0x00540016;
	public static final int UNITS = 0x00541001;
	public static final int CORRECTED_IMAGE = 0x00280051;
	public static final int DECAY_CORRECTION = 0x00541102;
	public static final int FRAME_REFERENCE_TIME = 0x00541300;
	public static final int PIXEL_DATA = 0x7FE00010;
	/** GE PET private: scan date-time (GEMS_PETD_01, 0009,xx0D). */
	public static final int GE_SCAN_DATE_TIME = 0x0009100D;
	/** Philips PET private: SUV scale factor (Philips PET Private Group, 7053,xx00). */
	public static final int PHILIPS_SUV_SCALE_FACTOR = 0x70531000;
	/** Philips PET private: activity concentration scale factor (7053,xx09). */
	public static final int PHILIPS_ACTIVITY_CONCENTRATION_SCALE_FACTOR = 0x70531009;

	static final int ITEM = 0xFFFEE000;
	static final int ITEM_DELIMITATION = 0xFFFEE00D;
	static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

	private static final Map<Integer, String> NAMES = new HashMap<>();
	private static final Map<Integer, String> VRS = new HashMap<>();

	private static void def(final int tag, final String vr, final String name) {
		if (vr != null) VRS.put(tag, vr);
		if (name != null) NAMES.put(tag, name);
	}

	static {
		def(TRANSFER_SYNTAX_UID, "UI", "TransferSyntaxUID");
		def(SPECIFIC_CHARACTER_SET, "CS", "SpecificCharacterSet");
		def(IMAGE_TYPE, "CS", "ImageType");
		def(SOP_CLASS_UID, "UI", "SOPClassUID");
		def(SOP_INSTANCE_UID, "UI", "SOPInstanceUID");
		def(STUDY_DATE, "DA", "StudyDate");
		def(SERIES_DATE, "DA", "SeriesDate");
		def(ACQUISITION_DATE, "DA", "AcquisitionDate");
		def(ACQUISITION_DATE_TIME, "DT", "AcquisitionDateTime");
		def(STUDY_TIME, "TM", "StudyTime");
		def(SERIES_TIME, "TM", "SeriesTime");
		def(ACQUISITION_TIME, "TM", "AcquisitionTime");
		def(MODALITY, "CS", "Modality");
		def(MANUFACTURER, "LO", "Manufacturer");
		def(SERIES_DESCRIPTION, "LO", "SeriesDescription");
		def(PATIENT_ID, "LO", "PatientID");
		def(PATIENT_SEX, "CS", "PatientSex");
		def(PATIENT_SIZE, "DS", "PatientSize");
		def(PATIENT_WEIGHT, "DS", "PatientWeight");
		def(RADIOPHARMACEUTICAL, "LO", "Radiopharmaceutical");
		def(SLICE_THICKNESS, "DS", "SliceThickness");
		def(SPACING_BETWEEN_SLICES, "DS", "SpacingBetweenSlices");
		def(RADIOPHARMACEUTICAL_START_TIME, "TM", "RadiopharmaceuticalStartTime");
		def(RADIONUCLIDE_TOTAL_DOSE, "DS", "RadionuclideTotalDose");
		def(RADIONUCLIDE_HALF_LIFE, "DS", "RadionuclideHalfLife");
		def(RADIOPHARMACEUTICAL_START_DATE_TIME, "DT", "RadiopharmaceuticalStartDateTime");
		def(GANTRY_DETECTOR_TILT, "DS", "GantryDetectorTilt");
		def(ACTUAL_FRAME_DURATION, "IS", "ActualFrameDuration");
		def(STUDY_INSTANCE_UID, "UI", "StudyInstanceUID");
		def(SERIES_INSTANCE_UID, "UI", "SeriesInstanceUID");
		def(SERIES_NUMBER, "IS", "SeriesNumber");
		def(INSTANCE_NUMBER, "IS", "InstanceNumber");
		def(IMAGE_POSITION_PATIENT, "DS", "ImagePositionPatient");
		def(IMAGE_ORIENTATION_PATIENT, "DS", "ImageOrientationPatient");
		def(FRAME_OF_REFERENCE_UID, "UI", "FrameOfReferenceUID");
		def(SAMPLES_PER_PIXEL, "US", "SamplesPerPixel");
		def(PHOTOMETRIC_INTERPRETATION, "CS", "PhotometricInterpretation");
		def(PLANAR_CONFIGURATION, "US", "PlanarConfiguration");
		def(NUMBER_OF_FRAMES, "IS", "NumberOfFrames");
		def(ROWS, "US", "Rows");
		def(COLUMNS, "US", "Columns");
		def(PIXEL_SPACING, "DS", "PixelSpacing");
		def(BITS_ALLOCATED, "US", "BitsAllocated");
		def(BITS_STORED, "US", "BitsStored");
		def(HIGH_BIT, "US", "HighBit");
		def(PIXEL_REPRESENTATION, "US", "PixelRepresentation");
		def(RESCALE_INTERCEPT, "DS", "RescaleIntercept");
		def(RESCALE_SLOPE, "DS", "RescaleSlope");
		def(RADIOPHARMACEUTICAL_INFORMATION_SEQUENCE, "SQ", "RadiopharmaceuticalInformationSequence");
		def(UNITS, "CS", "Units");
		def(CORRECTED_IMAGE, "CS", "CorrectedImage");
		def(DECAY_CORRECTION, "CS", "DecayCorrection");
		def(FRAME_REFERENCE_TIME, "DS", "FrameReferenceTime");
		def(PIXEL_DATA, "OW", "PixelData");
		def(GE_SCAN_DATE_TIME, null, "GE private ScanDateTime");
		def(PHILIPS_SUV_SCALE_FACTOR, null, "Philips private SUVScaleFactor");
		def(PHILIPS_ACTIVITY_CONCENTRATION_SCALE_FACTOR, null, "Philips private ActivityConcentrationScaleFactor");
		// binary values an Implicit VR data set cannot announce itself
		def(0x00280009, "AT", null); // FrameIncrementPointer
		def(0x00280106, "US", null); // SmallestImagePixelValue (US or SS, read as US)
		def(0x00280107, "US", null); // LargestImagePixelValue
		def(0x00280120, "US", null); // PixelPaddingValue
		def(0x00540081, "US", null); // NumberOfSlices
		def(0x00540101, "US", null); // NumberOfTimeSlices
		def(0x00540011, "US", null); // NumberOfEnergyWindows
		def(0x00540021, "US", null); // NumberOfDetectors
		def(0x00540051, "US", null); // NumberOfRotations
		def(0x00541330, "US", null); // ImageIndex
		def(0x00280301, "CS", null); // BurnedInAnnotation
		def(0x00286040, "US", null); // RWavePointer
		def(0x00181164, "DS", null); // ImagerPixelSpacing
	}

	/** "(gggg,eeee)". */
	public static String toString(final int tag) {
		return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
	}

	/** "Name (gggg,eeee)" when the name is known, else "(gggg,eeee)". */
	public static String describe(final int tag) {
		final String n = NAMES.get(tag);
		return n == null ? toString(tag) : n + " " + toString(tag);
	}

	/** The value representation of a tag as the dictionary knows it, or null (Implicit VR data sets). */
	static String implicitVr(final int tag) {
		if ((tag & 0xFFFF) == 0 && (tag >>> 16) != 0xFFFE) return "UL"; // group length
		final String vr = VRS.get(tag);
		if (vr != null) return vr;
		final int group = tag >>> 16;
		if ((group & 1) == 1 && (tag & 0xFF00) == 0 && (tag & 0xFF) >= 0x10) return "LO"; // private creator
		return null;
	}
}
