package org.marrowj.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.RealType;

/**
 * A 3D image that knows where it is: an ImgLib2 image (axes x, y, z), its {@link Geometry} in
 * world (LPS, mm) coordinates and the unit of its values ({@link #HU}, {@link #BQML},
 * {@link #SUV}, ...). Immutable as a record; the pixels are shared, never copied, by the
 * {@code with...} methods.
 */
public final class Volume<T extends RealType<T> & NativeType<T>> {

	/** Hounsfield units (CT). */
	public static final String HU = "HU";
	/** Activity concentration (PET). */
	public static final String BQML = "Bq/mL";
	/** Standardized uptake value (PET), dimensionless. */
	public static final String SUV = "SUV";
	/** Equivalent K2HPO4 density (calibrated QCT). */
	public static final String MG_CM3 = "mg/cm^3";
	/** Label ids (segmentation). */
	public static final String LABEL = "label";
	/** Values without a known unit. */
	public static final String UNKNOWN = "";

	private final RandomAccessibleInterval<T> img;
	private final Geometry geometry;
	private final String valueUnit;
	private final String modality;
	private final Map<String, String> properties;

	/**
	 * @param img a 3D image (x, y, z); a 2D image is not accepted
	 * @param geometry where its voxels lie
	 * @param valueUnit the unit of its values (see the constants)
	 * @param modality DICOM modality (CT, PT, MR, SEG, ...) or "" when unknown
	 * @param properties free-form metadata (e.g. FrameOfReferenceUID, SeriesInstanceUID, source)
	 */
	public Volume(final RandomAccessibleInterval<T> img, final Geometry geometry, final String valueUnit, final String modality,
		final Map<String, String> properties)
	{
		if (img.numDimensions() != 3)
			throw new IllegalArgumentException("a Volume is 3D (x, y, z); this image has " + img.numDimensions() + " dimensions");
		this.img = img;
		this.geometry = geometry;
		this.valueUnit = valueUnit == null ? UNKNOWN : valueUnit;
		this.modality = modality == null ? "" : modality;
		this.properties = properties == null ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	public Volume(final RandomAccessibleInterval<T> img, final Geometry geometry, final String valueUnit) {
		this(img, geometry, valueUnit, "", null);
	}

	public RandomAccessibleInterval<T> image() {
		return img;
	}

	public Geometry geometry() {
		return geometry;
	}

	public String valueUnit() {
		return valueUnit;
	}

	public String modality() {
		return modality;
	}

	/** Unmodifiable metadata map. */
	public Map<String, String> properties() {
		return properties;
	}

	public String property(final String key) {
		return properties.get(key);
	}

	public long[] dimensions() {
		return img.dimensionsAsLongArray();
	}

	public int width() {
		return (int) img.dimension(0);
	}

	public int height() {
		return (int) img.dimension(1);
	}

	public int depth() {
		return (int) img.dimension(2);
	}

	public long voxelCount() {
		return img.dimension(0) * img.dimension(1) * img.dimension(2);
	}

	/** The same pixels with another geometry. */
	public Volume<T> withGeometry(final Geometry g) {
		return new Volume<>(img, g, valueUnit, modality, properties);
	}

	/** Other pixels (same dimensions expected by callers) with this geometry, unit and metadata. */
	public <S extends RealType<S> & NativeType<S>> Volume<S> withImage(final RandomAccessibleInterval<S> other, final String unit) {
		return new Volume<>(other, geometry, unit, modality, properties);
	}

	/** The same pixels and geometry with one more (or a replaced) property. */
	public Volume<T> withProperty(final String key, final String value) {
		final Map<String, String> p = new LinkedHashMap<>(properties);
		p.put(key, value);
		return new Volume<>(img, geometry, valueUnit, modality, p);
	}

	@Override
	public String toString() {
		return "Volume[" + img.dimension(0) + "x" + img.dimension(1) + "x" + img.dimension(2) + " " + valueUnit + " " + modality +
			", " + geometry + "]";
	}
}
