' Test channel for CtvGateway.brs: one launch. The harness (brs-channel.mjs) adds CtvGateway.brs and a
' generated TestConfig.brs beside this file and runs the channel with brs-cli.
sub Main()
  config = TestConfig()
  port = CreateObject("roMessagePort")
  gateway = CtvGateway(config.gateway, port)
  if config.event <> invalid then gateway.TrackEvent(config.event.name, config.event.data)

  ' The channel's event loop: every message goes to HandleEvent first.
  clock = CreateObject("roTimespan")
  while gateway.IsBusy() and clock.TotalMilliseconds() < 15000
    msg = wait(100, port)
    if msg <> invalid then gateway.HandleEvent(msg)
  end while
  print "CTVGW-TEST busy=" ; gateway.IsBusy()

  ' What the device keeps until the next launch (brs-cli cannot save its registry: see brs-channel.mjs).
  section = CreateObject("roRegistrySection", "CtvGateway")
  values = {}
  for each key in section.GetKeyList()
    values[key] = section.Read(key)
  end for
  print "CTVGW-TEST-REGISTRY " + FormatJson({ devId: CreateObject("roAppInfo").GetDevID(), section: "CtvGateway", values: values })
end sub
