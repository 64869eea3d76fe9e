package sitebuild

// FileName is the file a manifest path is stored as in a folder or a
// bucket: "/" → "index.html", "/x/" → "x/index.html", "/robots.txt" →
// "robots.txt". It refuses paths that would escape the folder.
func FileName(p string) (string, error) { return exportName(p) }
