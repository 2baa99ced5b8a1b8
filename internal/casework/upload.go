package casework

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
)

// Upload is a file handed in with a record, as received.
type Upload struct {
	Filename string
	Data     []byte
}

// allowedTypes are the document types torg accepts, by their content: the
// scans and files citizens hand in. The type a browser claims is ignored.
var allowedTypes = map[string]string{
	"application/pdf": ".pdf",
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
	"image/tiff":      ".tif",
}

// checkUploads validates every upload before anything is written, so a bad
// file refuses the whole submission and nothing is half-saved.
func (s *Service) checkUploads(files []Upload) ([]torg.Document, error) {
	var docs []torg.Document
	for _, f := range files {
		name := safeFilename(f.Filename)
		switch {
		case len(f.Data) == 0:
			return nil, torg.FieldError("files", "upload.empty", "name", name)
		case int64(len(f.Data)) > s.cfg.MaxUploadBytes:
			return nil, torg.FieldError("files", "upload.too_large", "name", name, "max", s.cfg.MaxUploadBytes>>20)
		}
		mt := sniff(f.Data)
		if _, ok := allowedTypes[mt]; !ok {
			return nil, torg.FieldError("files", "upload.type", "name", name)
		}
		sum := sha256.Sum256(f.Data)
		docs = append(docs, torg.Document{SHA256: hex.EncodeToString(sum[:]), Filename: name, MediaType: mt, Size: int64(len(f.Data))})
	}
	return docs, nil
}

func sniff(b []byte) string {
	if len(b) >= 4 && (string(b[:4]) == "II*\x00" || string(b[:4]) == "MM\x00*") {
		return "image/tiff"
	}
	mt, _, _ := strings.Cut(http.DetectContentType(b), ";")
	return mt
}

// safeFilename keeps the base name of an uploaded file, printable and short.
func safeFilename(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 32 || r == 127 || r == '"' {
			return -1
		}
		return r
	}, name)
	for len(name) > 120 || !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name[:min(len(name), 120)], "")
	}
	if name == "" || name == "." || name == "/" {
		return "document"
	}
	return name
}
