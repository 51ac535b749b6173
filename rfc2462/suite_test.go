package rfc2462_test

import (
	"testing"

	"github.com/v6ct/v6ct/rfc2462"
	"github.com/v6ct/v6ct/suites"
	_ "github.com/v6ct/v6ct/targets/builtin" // the targets V6CT_TARGET names
)

var _ = rfc2462.Folder

func TestRFC2462(t *testing.T) { suites.RunSuite(t, "RFC 4862 (was 2462): address autoconfiguration") }
