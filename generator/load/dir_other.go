//go:build !unix

package load

// readLimited is the package's readLimited for this file system.
func (d dirFS) readLimited(name string, limit int64, _ bool) ([]byte, int64, error) {
	return readFrom(d.os(), name, limit)
}
