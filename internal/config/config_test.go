package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadDefaults(t *testing.T) {
	got, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Default(), got); diff != "" {
		t.Errorf("Load with nothing set (-want +got):\n%s", diff)
	}
	if got.DatabaseURL() != filepath.Join("data", "torg.db") {
		t.Errorf("DatabaseURL = %q", got.DatabaseURL())
	}
}

func TestLoadFileThenEnv(t *testing.T) {
	file := writeFile(t, `{"addr": "0.0.0.0:9000", "data": "/srv/torg", "log_format": "json", "max_upload_mb": 20}`)
	env := []string{"PATH=/bin", "TORG_DATA=/var/lib/torg", "TORG_DEMO=true", "TORG_SESSION_IDLE_MINUTES=15", "TORG_LOG_LEVEL="}
	got, err := Load(file, env)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Addr, want.Data, want.LogFormat, want.MaxUploadMB = "0.0.0.0:9000", "/var/lib/torg", "json", 20
	want.Demo, want.SessionIdleMinutes = true, 15
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
}

func TestLoadFileFromEnv(t *testing.T) {
	file := writeFile(t, `{"db": "postgres://torg:secret@db.example:5432/torg"}`)
	got, err := Load("", []string{"TORG_CONFIG=" + file})
	if err != nil {
		t.Fatal(err)
	}
	if got.DatabaseURL() != "postgres://torg:secret@db.example:5432/torg" || !got.IsPostgres() {
		t.Errorf("DatabaseURL = %q, IsPostgres %v", got.DatabaseURL(), got.IsPostgres())
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		file string // JSON content; empty for none
		env  []string
		want string // part of the error
	}{
		{"missing file", "", []string{"TORG_CONFIG=/nonexistent/torg.json"}, "/nonexistent/torg.json"},
		{"bad JSON", `{"addr": `, nil, "unexpected EOF"},
		{"unknown field", `{"adress": "x"}`, nil, `unknown field "adress"`},
		{"wrong type in file", `{"max_upload_mb": "ten"}`, nil, "max_upload_mb"},
		{"bad int", "", []string{"TORG_MAX_UPLOAD_MB=ten"}, `TORG_MAX_UPLOAD_MB: "ten" is not a whole number`},
		{"bad bool", "", []string{"TORG_DEMO=ja"}, `TORG_DEMO: "ja" is not true or false`},
		{"bad addr", "", []string{"TORG_ADDR=8080"}, `addr "8080"`},
		{"bad level", "", []string{"TORG_LOG_LEVEL=loud"}, "log_level"},
		{"bad format", "", []string{"TORG_LOG_FORMAT=xml"}, "log_format"},
		{"upload too small", "", []string{"TORG_MAX_UPLOAD_MB=0"}, "max_upload_mb 0"},
		{"idle too long", "", []string{"TORG_SESSION_IDLE_MINUTES=800"}, "session_idle_minutes 800"},
		{"max too short", "", []string{"TORG_SESSION_MAX_HOURS=0"}, "session_max_hours 0"},
		{"not postgres", "", []string{"TORG_DB=mysql://u:pw@h/db"}, "not a postgres:// URL"},
		{"relative base URL", "", []string{"TORG_BASE_URL=/torg"}, "base_url"},
		{"no data folder", `{"data": ""}`, nil, "data"},
		{"citizen issuer over http", "", []string{"TORG_CITIZEN_OIDC_ISSUER=http://idp.example", "TORG_CITIZEN_OIDC_CLIENT_ID=torg",
			"TORG_BASE_URL=https://torg.example"}, "citizen_oidc_issuer"},
		{"citizen issuer without client", "", []string{"TORG_CITIZEN_OIDC_ISSUER=https://idporten.no",
			"TORG_BASE_URL=https://torg.example"}, "citizen_oidc_client_id"},
		{"citizen issuer without redirect", "", []string{"TORG_CITIZEN_OIDC_ISSUER=https://idporten.no",
			"TORG_CITIZEN_OIDC_CLIENT_ID=torg"}, "citizen_oidc_redirect_url"},
		{"citizen redirect over http", "", []string{"TORG_CITIZEN_OIDC_ISSUER=https://idporten.no",
			"TORG_CITIZEN_OIDC_CLIENT_ID=torg", "TORG_BASE_URL=http://torg.example"}, "citizen_oidc_redirect_url"},
		{"citizen logout not a bool", "", []string{"TORG_CITIZEN_OIDC_LOGOUT=ja"}, "TORG_CITIZEN_OIDC_LOGOUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := ""
			if tt.file != "" {
				file = writeFile(t, tt.file)
			}
			_, err := Load(file, tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %v, want one containing %q", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), "pw@") {
				t.Errorf("error shows a password: %v", err)
			}
		})
	}
}

func TestMasked(t *testing.T) {
	tests := []struct{ name, db, want string }{
		{"empty", "", ""},
		{"user and password", "postgres://torg:s3cret@db:5432/torg?sslmode=disable", "postgres://torg:xxxxx@db:5432/torg?sslmode=disable"},
		{"password parameter", "postgresql://db/torg?password=s3cret&user=torg", "postgresql://db/torg?password=xxxxx&user=torg"},
		{"no password", "postgres://torg@db/torg", "postgres://torg@db/torg"},
		{"sqlite path", "/srv/torg/torg.db", "/srv/torg/torg.db"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Config{DB: tt.db, Addr: "a"}
			got := c.Masked()
			if got.DB != tt.want || got.Addr != "a" {
				t.Errorf("Masked().DB = %q, want %q", got.DB, tt.want)
			}
			if c.DB != tt.db {
				t.Error("Masked changed its receiver")
			}
		})
	}
}

func TestEnvNames(t *testing.T) {
	names := EnvNames()
	for _, want := range []string{"TORG_CONFIG", "TORG_ADDR", "TORG_DB", "TORG_MAX_UPLOAD_MB"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("EnvNames lacks %s", want)
		}
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "torg.json")
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestMaskedAdapterSecrets(t *testing.T) {
	c, err := Load("", []string{"TORG_SMS_GATEWAY_TOKEN=tok-123", "TORG_SMTP_PASSWORD=pw-456", "TORG_SMTP_ADDR=mail.example.org:587"})
	if err != nil {
		t.Fatal(err)
	}
	m := c.Masked()
	if m.SMSGatewayToken == "tok-123" || m.SMTPPassword == "pw-456" || m.SMTPAddr != "mail.example.org:587" {
		t.Errorf("masked = %+v", m)
	}
	if c.SMSGatewayToken != "tok-123" {
		t.Errorf("Masked changed the original")
	}
}

func TestCitizenOIDC(t *testing.T) {
	file := writeFile(t, `{"citizen_oidc_issuer": "https://idporten.no", "citizen_oidc_client_id": "torg",
		"citizen_oidc_client_secret": "s3cret", "base_url": "https://torg.example/", "citizen_municipality": "4204"}`)
	got, err := Load(file, []string{"TORG_CITIZEN_OIDC_ACR_VALUES=idporten-loa-high", "TORG_CITIZEN_OIDC_LOGOUT=true"})
	if err != nil {
		t.Fatal(err)
	}
	if got.CitizenRedirectURL() != "https://torg.example/portal/callback" || got.CitizenOIDCNINClaim != "pid" ||
		got.CitizenOIDCScopes != "openid" || got.CitizenOIDCACRValues != "idporten-loa-high" || !got.CitizenOIDCLogout ||
		got.CitizenMunicipality != "4204" {
		t.Errorf("Load = %+v", got)
	}
	if m := got.Masked(); m.CitizenOIDCClientSecret != "xxxxx" || m.CitizenOIDCClientID != "torg" {
		t.Errorf("Masked shows %q", m.CitizenOIDCClientSecret)
	}
	// A provider on this machine may be plain http: a test instance.
	local, err := Load("", []string{"TORG_CITIZEN_OIDC_ISSUER=http://127.0.0.1:9000", "TORG_CITIZEN_OIDC_CLIENT_ID=torg",
		"TORG_CITIZEN_OIDC_REDIRECT_URL=http://localhost:8080/portal/callback"})
	if err != nil || local.CitizenRedirectURL() != "http://localhost:8080/portal/callback" {
		t.Errorf("local provider: %v, %q", err, local.CitizenRedirectURL())
	}
}
