"""Tests of cxgate.staffing; a package so its module names cannot clash with other areas."""
