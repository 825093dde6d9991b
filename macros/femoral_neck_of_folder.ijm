// MarrowJ - Femoral Neck of a Folder
//
// Every hip QCT of a folder -> femoral-neck geometry and strength indices: one output folder per
// QCT (femoral_neck.csv, QC images), the combined out/femoral_neck.csv and out/errors.csv (one row
// per QCT that failed, with the reason). Runs through Analyze Cohort, so a rerun skips the QCTs
// already done.
//
// A QCT is a file (.nii.gz, .nii, .tif, .tiff) or a subfolder of DICOM files. Its calibration to
// mg/cm^3 K2HPO4, first found of:
//   <qct>_calibration.json beside it (from Calibrate QCT Phantom);
//   rods_k2hpo4 given here (the certificate concentrations of the rods to use, in their order along
//     the image's x): the phantom in each QCT is calibrated first (Calibrate QCT Phantom, linear,
//     as many rods as values, into out/_calibration/<qct>/);
//   slope_mgcm3_per_hu and intercept_mgcm3 given here, for every QCT;
//   none: the QCT is already in mg/cm^3.
// weight_kg given here applies to every QCT; empty = the DICOM PatientWeight.
//
// From a macro (as the recorder writes it):
//   run("Femoral Neck of a Folder", "qcts=[/data/hips] out=[/data/neck] side=both rods_k2hpo4=[0,50,100,200,400] slope_mgcm3_per_hu=[] intercept_mgcm3=[] weight_kg=[] cortical_mgcm3=350 threads=2");

Dialog.create("Femoral Neck of a Folder");
Dialog.addDirectory("qcts", "");
Dialog.addDirectory("out", "");
Dialog.addChoice("side", newArray("both", "left", "right"), "both");
Dialog.addString("rods_k2hpo4", "", 30);
Dialog.addString("slope_mgcm3_per_hu", "");
Dialog.addString("intercept_mgcm3", "");
Dialog.addString("weight_kg", "");
Dialog.addNumber("cortical_mgcm3", 350);
Dialog.addNumber("threads", 1);
Dialog.show();
qcts = folder(Dialog.getString());
out = folder(Dialog.getString());
side = Dialog.getChoice();
rods = Dialog.getString();
slope = Dialog.getString();
intercept = Dialog.getString();
weight = Dialog.getString();
cortical = Dialog.getNumber();
threads = Dialog.getNumber();

if (!File.isDirectory(qcts)) exit("qcts: no such folder: " + qcts);
if (out == "") exit("out: give an output folder");
if (startsWith(out, qcts)) exit("out: must not be the QCT folder or inside it: " + out);
if ((slope == "") != (intercept == "")) exit("slope_mgcm3_per_hu and intercept_mgcm3: give both or neither");
File.makeDirectory(out);
if (!File.isDirectory(out)) exit("out: cannot create the folder " + out);

list = getFileList(qcts);
Array.sort(list);
manifest = "subject,qct,calibration,slope_mgcm3_per_hu,intercept_mgcm3,weight_kg\n";
n = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	isFolder = endsWith(name, "/");
	if (isFolder) name = substring(name, 0, lengthOf(name) - 1);
	stemmed = stem(name);
	if (!isFolder && stemmed == name) continue;
	base = stem(name);
	subject = replace(base, "[^A-Za-z0-9._-]", "_");
	if (!matches(substring(subject, 0, 1), "[A-Za-z0-9]")) subject = "s" + subject;
	cal = "";
	if (File.exists(qcts + base + "_calibration.json")) cal = qcts + base + "_calibration.json";
	else if (rods != "") {
		dir = out + "_calibration" + File.separator + subject + File.separator;
		if (!File.exists(dir + "calibration.json")) {
			values = split(rods, ",");
			showStatus("Calibrating " + name);
			run("Calibrate QCT Phantom", "qct=[" + qcts + name + "] method=linear rods_k2hpo4=[" + rods + "] rod_count=" + values.length + " out=[" + dir + "]");
		}
		if (File.exists(dir + "calibration.json")) cal = dir + "calibration.json";
		else print("Femoral Neck of a Folder: " + name + ": phantom calibration failed (the reason is in the Log or Console window)");
	}
	if (cal == "" && rods != "") {
		// a QCT whose phantom could not be calibrated is reported in errors.csv, not measured uncalibrated
		manifest = manifest + cell(subject) + "," + cell(qcts + name) + "," + cell(out + "_calibration" + File.separator + subject + File.separator + "calibration.json") + ",,," + weight + "\n";
	} else if (cal != "")
		manifest = manifest + cell(subject) + "," + cell(qcts + name) + "," + cell(cal) + ",,," + weight + "\n";
	else
		manifest = manifest + cell(subject) + "," + cell(qcts + name) + ",," + slope + "," + intercept + "," + weight + "\n";
	n++;
}
if (n == 0) exit("qcts: no QCT files (.nii.gz, .nii, .tif, .tiff) or DICOM folders in " + qcts);
File.saveString(manifest, out + "manifest.csv");
print("Femoral Neck of a Folder: " + n + " QCTs, manifest " + out + "manifest.csv");

run("Analyze Cohort", "manifest=[" + out + "manifest.csv] out=[" + out + "] side=" + side + " cortical_mgcm3=" + cortical + " threads=" + threads + " resume=true");

failed = 0;
if (File.exists(out + "errors.csv")) {
	lines = split(File.openAsString(out + "errors.csv"), "\n");
	failed = lines.length - 1;
}
print("Femoral Neck of a Folder: " + (n - failed) + " of " + n + " QCTs done, " + failed + " failed (errors.csv); table " + out + "femoral_neck.csv");

// ---------------------------------------------------------------- helpers

function folder(d) {
	if (d == "") return d;
	if (!endsWith(d, "/") && !endsWith(d, "\\")) d = d + File.separator;
	return d;
}

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
