// MarrowJ - Marrow HU of a Folder
//
// Every CT of a folder -> its marrow regions and their radiodensity (HU), nothing else: one output
// folder per CT (labels.nii.gz, QC images, provenance.json, marrow_regions.csv), the combined
// out/marrow_regions.csv and out/errors.csv (one row per CT that failed, with the reason).
// Runs through Analyze Cohort, so a rerun skips the CTs already done.
//
// A CT is a file (.nii.gz, .nii, .tif, .tiff) or a subfolder of DICOM files. A label map beside it
// named <ct>_labels.nii.gz (or .nii, .tif, .tiff) is used for the vertebral bodies
// (TotalSegmentator ids; site auto picks vertebral_body when there is one) and is not taken as a CT.
// The CT's name without extension is the subject name.
//
// From a macro (as the recorder writes it):
//   run("Marrow HU of a Folder", "images=[/data/cts] out=[/data/marrow] site=auto cortical_hu=400 margin_mm=auto threads=2");

Dialog.create("Marrow HU of a Folder");
Dialog.addDirectory("images", "");
Dialog.addDirectory("out", "");
Dialog.addChoice("site", newArray("auto", "femoral_shaft", "vertebral_body", "labels"), "auto");
Dialog.addNumber("cortical_hu", 400);
Dialog.addString("margin_mm", "auto");
Dialog.addNumber("threads", 1);
Dialog.show();
images = folder(Dialog.getString());
out = folder(Dialog.getString());
site = Dialog.getChoice();
cortical_hu = Dialog.getNumber();
margin_mm = Dialog.getString();
threads = Dialog.getNumber();

if (!File.isDirectory(images)) exit("images: no such folder: " + images);
if (out == "") exit("out: give an output folder");
if (startsWith(out, images)) exit("out: must not be the images folder or inside it: " + out);
File.makeDirectory(out);
if (!File.isDirectory(out)) exit("out: cannot create the folder " + out);

list = getFileList(images);
Array.sort(list);
manifest = "subject,ct,labels\n";
n = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	isFolder = endsWith(name, "/");
	if (isFolder) name = substring(name, 0, lengthOf(name) - 1);
	stemmed = stem(name);
	if (!isFolder && stemmed == name) continue;
	base = stem(name);
	if (endsWith(base, "_labels")) continue;
	subject = replace(base, "[^A-Za-z0-9._-]", "_");
	if (!matches(substring(subject, 0, 1), "[A-Za-z0-9]")) subject = "s" + subject;
	labels = "";
	exts = newArray(".nii.gz", ".nii", ".tif", ".tiff");
	for (e = 0; e < exts.length; e++)
		if (labels == "" && File.exists(images + base + "_labels" + exts[e])) labels = images + base + "_labels" + exts[e];
	manifest = manifest + cell(subject) + "," + cell(images + name) + "," + cell(labels) + "\n";
	n++;
}
if (n == 0) exit("images: no CT files (.nii.gz, .nii, .tif, .tiff) or DICOM folders in " + images);
File.saveString(manifest, out + "manifest.csv");
print("Marrow HU of a Folder: " + n + " CTs, manifest " + out + "manifest.csv");

run("Analyze Cohort", "manifest=[" + out + "manifest.csv] out=[" + out + "] site=" + site + " cortical_hu=" + cortical_hu + " margin_mm=[" + margin_mm + "] threads=" + threads + " resume=true");

failed = 0;
if (File.exists(out + "errors.csv")) {
	lines = split(File.openAsString(out + "errors.csv"), "\n");
	failed = lines.length - 1;
}
print("Marrow HU of a Folder: " + (n - failed) + " of " + n + " CTs done, " + failed + " failed (errors.csv); table " + out + "marrow_regions.csv");

// ---------------------------------------------------------------- helpers

function folder(d) {
	if (d == "") return d;
	if (!endsWith(d, "/") && !endsWith(d, "\\")) d = d + File.separator;
	return d;
}

// The name without its image extension (.nii.gz, .nii, .tif, .tiff); unchanged when it has none.
function stem(s) {
	exts = newArray(".nii.gz", ".nii", ".tif", ".tiff");
	for (e = 0; e < exts.length; e++)
		if (endsWith(toLowerCase(s), exts[e])) return substring(s, 0, lengthOf(s) - lengthOf(exts[e]));
	return s;
}

function cell(s) {
	if (indexOf(s, ",") < 0 && indexOf(s, "\"") < 0 && indexOf(s, "\n") < 0) return s;
	return "\"" + replace(s, "\"", "\"\"") + "\"";
}
