' Run with CtvGateway.brs: prints which version string CtvGateway_OsVersion() picks for GetVersion() values.
sub Main()
  for each legacy in ["034.08E01185A", "519.10E04111A", "529.20E04145A", "999.9999999", "BSC.50E04330A"]
    deviceInfo = {
      legacy: legacy,
      GetVersion: function() as String
        return m.legacy
      end function,
      GetOSVersion: function() as Object
        return { major: "12", minor: "0", revision: "0", build: "4186" }
      end function
    }
    print "OS " + legacy + " -> " + CtvGateway_OsVersion(deviceInfo)
  end for
end sub
