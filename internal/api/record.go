package api

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/torg-kommune/torg"
)

// recordDTO is a journal entry with the metadata of its documents.
type recordDTO struct {
	ID            int64         `json:"id"`
	CaseID        int64         `json:"case_id"`
	Number        int           `json:"number"`
	Type          string        `json:"type"`
	Status        string        `json:"status"`
	Title         string        `json:"title"`
	Body          string        `json:"body"`
	Correspondent string        `json:"correspondent"`
	PersonID      *int64        `json:"person_id"`
	Shelf         string        `json:"shelf"`
	Outstanding   bool          `json:"outstanding"`
	CreatedBy     int64         `json:"created_by"`
	CreatedByName string        `json:"created_by_name"`
	Created       time.Time     `json:"created"`
	Documents     []documentDTO `json:"documents"`
}

// documentDTO is a document's metadata; href fetches its content.
type documentDTO struct {
	ID        int64  `json:"id"`
	RecordID  int64  `json:"record_id"`
	Filename  string `json:"filename"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Href      string `json:"href"`
}

func recordOut(r *torg.Record) recordDTO {
	out := recordDTO{ID: r.ID, CaseID: r.CaseID, Number: r.Number, Type: string(r.Type), Status: r.Status,
		Title: r.Title, Body: r.Body, Correspondent: r.Correspondent, PersonID: optID(r.PersonID), Shelf: r.Shelf,
		Outstanding: r.Outstanding, CreatedBy: r.CreatedBy, CreatedByName: r.CreatedByName, Created: r.Created.UTC(),
		Documents: make([]documentDTO, 0, len(r.Documents))}
	for _, d := range r.Documents {
		out.Documents = append(out.Documents, documentDTO{ID: d.ID, RecordID: r.ID, Filename: d.Filename,
			MediaType: d.MediaType, Size: d.Size, SHA256: d.SHA256,
			Href: location("/records/%d/documents/%d", r.ID, d.ID)})
	}
	return out
}

// record returns one record with its documents' metadata.
func (a *api) record(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rec, _, err := a.svc.Record(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, recordOut(rec))
}

// document returns a document's content as a download in its own media type.
func (a *api) document(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	recordID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	docID, err := pathID(r, "doc")
	if err != nil {
		return err
	}
	d, data, err := a.svc.Document(r.Context(), actor, recordID, docID)
	if err != nil {
		return err
	}
	disposition := mime.FormatMediaType("attachment", map[string]string{"filename": d.Filename})
	if disposition == "" {
		disposition = "attachment"
	}
	h := w.Header()
	h.Set("Content-Type", d.MediaType)
	h.Set("Content-Disposition", disposition)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	w.Write(data)
	return nil
}
