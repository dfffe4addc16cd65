' A minimal channel that reports its install through CtvGateway.brs: the three lines a channel adds, and the
' event loop it already has. Try it without a Roku (brs-engine's brs-cli, no SceneGraph needed), from clients/:
'   npm ci && npx brs-cli roku/sample/source/main.brs roku/CtvGateway.brs
' against a gateway on 127.0.0.1:8080 (see clients/roku/README.md, "Try it locally"). On a device, copy
' CtvGateway.brs beside this file in source/.
sub Main()
  port = CreateObject("roMessagePort")
  ' 1. Create the client once, on the channel's first message port: it sends the install on the first launch.
  gateway = CtvGateway({ url: GatewayUrl(), appId: "koexample-app-id" }, port)
  ' 2. A custom event, as a channel would after the user did something.
  gateway.TrackEvent("sample_opened", { screen: "home" })

  clock = CreateObject("roTimespan")
  while gateway.IsBusy() and clock.TotalMilliseconds() < 15000
    msg = wait(100, port)
    ' 3. Every message goes to HandleEvent first; false means it is the channel's own.
    if msg <> invalid then gateway.HandleEvent(msg)
  end while
  print "sample done, busy=" ; gateway.IsBusy()
end sub

' Where the gateway is: a channel ships its public https URL here.
function GatewayUrl() as String
  return "http://127.0.0.1:8080"
end function
