// MarrowJ - Analyze Folder of Subjects
//
// A study folder with one subfolder per subject, through Analyze Cohort: one output folder per
// subject, combined marrow_regions.csv and femoral_neck.csv, errors.csv (one row per failed
// subject, with the reason) and qc_report.html. A rerun skips the subjects already complete.
//
// In each subject folder the inputs are found by name: a file (.nii.gz, .nii, .tif, .tiff) or a
// folder of DICOM files called
//   ct or <subject>                   the CT in HU (marrow regions)
//   labels or <subject>_labels        a label map of that CT (vertebral bodies, TotalSegmentator)
//   pet or <subject>_pet              a PET of the same scan (SUV columns)
//   input_function[.csv] or <subject>_input_function[.csv]   plasma input function (uptake rates)
//   qct or <subject>_qct              a hip QCT (femoral neck), in HU with
//   calibration.json or <subject>_calibration.json   its phantom calibration (Calibrate QCT Phantom),
//                                     or already in mg/cm^3 K2HPO4 without one
// The folder name is the subject name (characters other than letters, digits, . _ - become _).
//
// From a macro (as the recorder writes it):
//   run("Analyze Folder of Subjects", "subjects=[/data/study] out=[/data/study_out] site=auto threads=2 resume=true");
// The manifest it writes (out/manifest.csv) can be edited and rerun with Analyze Cohort.

site_choices = newArray("auto", "femoral_shaft", "vertebral_body", "labels");
Dialog.create("Analyze Folder of Subjects");
Dialog.addDirectory("subjects", "");
Dialog.addDirectory("out", "");
Dialog.addChoice("site", site_choices, "auto");
Dialog.addNumber("threads", 1);
Dialog.addChoice("resume", newArray("true", "false"), "true");
Dialog.show();
subjects = folder(Dialog.getString());
out = folder(Dialog.getString());
site = Dialog.getChoice();
threads = Dialog.getNumber();
resume = Dialog.getChoice();

if (!File.isDirectory(subjects)) exit("subjects: no such folder: " + subjects);
if (out == "" || out == folder(File.separator)) exit("out: give an output folder");
if (startsWith(out, subjects)) exit("out: must not be the subjects folder or inside it: " + out);
File.makeDirectory(out);
if (!File.isDirectory(out)) exit("out: cannot create the folder " + out);

list = getFileList(subjects);
Array.sort(list);
manifest = "subject,ct,labels,pet,input_function,qct,calibration\n";
n = 0;
for (i = 0; i < list.length; i++) {
	if (!endsWith(list[i], "/")) continue;
	raw = substring(list[i], 0, lengthOf(list[i]) - 1);
	name = replace(raw, "[^A-Za-z0-9._-]", "_");
	if (!matches(substring(name, 0, 1), "[A-Za-z0-9]")) name = "s" + name;
	if (name != raw) print("Analyze Folder of Subjects: folder '" + raw + "' is subject '" + name + "'");
	dir = subjects + raw + File.separator;
	ct = find(dir, newArray("ct", raw));
	labels = find(dir, newArray("labels", raw + "_labels"));
	pet = find(dir, newArray("pet", raw + "_pet"));
	fn = find(dir, newArray("input_function", raw + "_input_function"));
	qct = find(dir, newArray("qct", raw + "_qct"));
	cal = find(dir, newArray("calibration", raw + "_calibration"));
	manifest = manifest + cell(name) + "," + cell(ct) + "," + cell(labels) + "," + cell(pet) + "," + cell(fn) + "," + cell(qct) + "," + cell(cal) + "\n";
	n++;
}
if (n == 0) exit("subjects: no subject folders in " + subjects);
File.saveString(manifest, out + "manifest.csv");
print("Analyze Folder of Subjects: " + n + " subjects, manifest " + out + "manifest.csv");

run("Analyze Cohort", "manifest=[" + out + "manifest.csv] out=[" + out + "] site=" + site + " threads=" + threads + " resume=" + resume);

failed = 0;
if (File.exists(out + "errors.csv")) {
	lines = split(File.openAsString(out + "errors.csv"), "\n");
	failed = lines.length - 1;
}
print("Analyze Folder of Subjects: " + (n - failed) + " of " + n + " subjects complete, " + failed + " failed (errors.csv)");
print("  tables: " + out + "marrow_regions.csv, " + out + "femoral_neck.csv");
print("  QC page: " + out + "qc_report.html");

// ---------------------------------------------------------------- helpers

// A folder path with one trailing separator ("" stays "").
function folder(d) {
	if (d == "") return d;
	if (!endsWith(d, "/") && !endsWith(d, "\\")) d = d + File.separator;
	return d;
}

// The first existing input among the names, each as .nii.gz, .nii, .tif, .tiff, .csv, .json, or as it is
// (a DICOM folder or file); "" when there is none.
function find(dir, names) {
	exts = newArray(".nii.gz", ".nii", ".tif", ".tiff", ".csv", ".json", "");
	for (a = 0; a < names.length; a++)
		for (b = 0; b < exts.length; b++) {
			p = dir + names[a] + exts[b];
			if (File.exists(p)) return p;
		}
	return "";
}

// One CSV cell: quoted when it holds a comma, a quote or a line break.
function cell(s) {
	if (indexOf(s, ",") < 0 && indexOf(s, "\"") < 0 && indexOf(s, "\n") < 0) return s;
	return "\"" + replace(s, "\"", "\"\"") + "\"";
}
