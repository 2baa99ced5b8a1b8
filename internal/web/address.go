package web

import (
	"net/http"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// addressData is the counter's address inquiry page (CG11): the answer,
// once asked. The national ID is posted, never put in the URL.
type addressData struct {
	Answer *casework.AddressAnswer
}

// addressPage shows the form; addressInquiry answers it.
func (h *Handler) addressPage(w http.ResponseWriter, r *http.Request, s *session) {
	if !s.user.Has(torg.RoleFrontDesk) && !s.user.Has(torg.RoleCounsellor) && !s.user.Has(torg.RoleLeader) {
		h.fail(w, r, torg.Errorf(torg.EFORBIDDEN, "error.forbidden"))
		return
	}
	pg := h.newPage(r, "guide.address_title")
	pg.Nav, pg.Data = "guide", addressData{}
	h.render(w, r, http.StatusOK, "address", pg)
}

func (h *Handler) addressInquiry(w http.ResponseWriter, r *http.Request, s *session) {
	ans, err := h.svc.AddressInquiry(r.Context(), s.user, r.PostFormValue("nin"))
	pg := h.newPage(r, "guide.address_title")
	pg.Nav, pg.Data = "guide", addressData{Answer: ans}
	code := http.StatusOK
	if err != nil {
		if c := status(torg.ErrorCode(err)); c == http.StatusForbidden || c == http.StatusInternalServerError {
			h.fail(w, r, err)
			return
		}
		code = pg.refill(r, err)
	}
	h.render(w, r, code, "address", pg)
}
