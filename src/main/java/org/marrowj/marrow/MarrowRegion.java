package org.marrowj.marrow;

import org.marrowj.image.Geometry;
import org.marrowj.morph.Mask;

/**
 * One marrow region on a CT grid: what it is (site, name, label id, side, level) and which voxels
 * it holds. The voxels are kept as a {@link Mask} over the region's bounding box; voxel
 * {@code (x, y, z)} of the mask is voxel {@code (x + x0, y + y0, z + z0)} of the CT, whose geometry
 * is {@link #geometry()}. Immutable as a record (the mask bytes are shared, not copied).
 */
public final class MarrowRegion {

	/** Where the region comes from; {@link #key()} is the value of the {@code site} column. */
	public enum Site {
		FEMORAL_SHAFT("femoral_shaft"), VERTEBRAL_BODY("vertebral_body"), LABEL("label");

		private final String key;

		Site(final String key) {
			this.key = key;
		}

		public String key() {
			return key;
		}
	}

	public static final String LEFT = "left";
	public static final String RIGHT = "right";

	private final Site site;
	private final String name;
	private final int labelId;
	private final String side;
	private final String level;
	private final Mask mask;
	private final long[] offset;
	private final Geometry geometry;
	private final long[] gridSize;

	/**
	 * @param site where the region comes from
	 * @param name region name (e.g. "femoral_shaft_left", "L1")
	 * @param labelId label id the region came from, or 0
	 * @param side "left", "right" (the patient's) or ""
	 * @param level vertebral level ("T12", "L1") or ""
	 * @param mask the region over its bounding box
	 * @param offset CT voxel index of mask voxel (0,0,0)
	 * @param geometry geometry of the whole CT grid
	 * @param gridSize dimensions of the whole CT grid
	 */
	public MarrowRegion(final Site site, final String name, final int labelId, final String side, final String level,
		final Mask mask, final long[] offset, final Geometry geometry, final long[] gridSize)
	{
		this.site = site;
		this.name = name;
		this.labelId = labelId;
		this.side = side == null ? "" : side;
		this.level = level == null ? "" : level;
		this.mask = mask;
		this.offset = offset.clone();
		this.geometry = geometry;
		this.gridSize = gridSize.clone();
	}

	public Site site() {
		return site;
	}

	public String name() {
		return name;
	}

	/** Label id the region came from, 0 when none. */
	public int labelId() {
		return labelId;
	}

	/** "left", "right" (patient's side) or "". */
	public String side() {
		return side;
	}

	/** Vertebral level ("T12", "L1") or "". */
	public String level() {
		return level;
	}

	/** The region over its bounding box (see the class comment for the offset). */
	public Mask mask() {
		return mask;
	}

	/** CT voxel index (x0, y0, z0) of mask voxel (0,0,0). */
	public long[] offset() {
		return offset.clone();
	}

	/** Geometry of the whole CT grid. */
	public Geometry geometry() {
		return geometry;
	}

	/** Dimensions of the whole CT grid. */
	public long[] gridSize() {
		return gridSize.clone();
	}

	/** Geometry of the bounding box grid (voxel (0,0,0) = CT voxel offset). */
	public Geometry boxGeometry() {
		return geometry.crop(offset[0], offset[1], offset[2]);
	}

	/** Number of voxels in the region. */
	public long voxels() {
		return mask.count();
	}

	/** Volume in mL: voxels x voxel volume (mm^3) / 1000. */
	public double volume_ml() {
		return voxels() * geometry.voxelVolume_mm3() / 1000.0;
	}

	/** True when CT voxel (x, y, z) is in the region. */
	public boolean contains(final long x, final long y, final long z) {
		final long a = x - offset[0], b = y - offset[1], c = z - offset[2];
		if (a < 0 || b < 0 || c < 0 || a >= mask.nx() || b >= mask.ny() || c >= mask.nz()) return false;
		return mask.get((int) a, (int) b, (int) c);
	}

	/** The region as a mask on the whole CT grid (a new full-size mask). */
	public Mask fullMask() {
		final Mask full = new Mask((int) gridSize[0], (int) gridSize[1], (int) gridSize[2]);
		final byte[] d = full.data(), s = mask.data();
		final int nx = mask.nx(), ny = mask.ny(), nz = mask.nz();
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				System.arraycopy(s, nx * (y + ny * z), d, full.index((int) offset[0], (int) (y + offset[1]), (int) (z + offset[2])), nx);
		return full;
	}

	@Override
	public String toString() {
		return "MarrowRegion[" + site.key() + " " + name + (labelId != 0 ? " label " + labelId : "") +
			(side.isEmpty() ? "" : " " + side) + (level.isEmpty() ? "" : " " + level) + ", box " + mask.nx() + "x" + mask.ny() + "x" +
			mask.nz() + " at (" + offset[0] + "," + offset[1] + "," + offset[2] + ")]";
	}
}
