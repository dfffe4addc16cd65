' CtvGateway.brs: reports a Roku channel's install to ctv-gateway (which forwards it to Kochava).
' One file, no dependencies: add it to your channel's source/ folder. See clients/roku/README.md.
'
'   gateway = CtvGateway({ url: "https://gw.example.com", appId: "koexample-app-id" }, port)
'   gateway.HandleEvent(msg)                      ' in your event loop, for every message
'   gateway.TrackEvent("purchase", { sku: "gold" })
'
' On the first launch CtvGateway() posts the install asynchronously on your message port (nothing waits),
' and remembers the answer in the registry section "CtvGateway":
'   2xx (accepted or duplicate)       -> done for good: later launches send nothing;
'   429, 408, 5xx, no connection      -> nothing stored: the next launch tries again;
'   other 4xx (the request is wrong)  -> logged with the gateway's error body; not sent again by this app
'                                        version (a new version, e.g. with a fixed app id, tries again).
' TrackEvent posts to /v1/roku/event with the same device fields; events are sent once, never stored.
' Advertising ids (RIDA) are never printed in full.

' Creates the client and starts the install report when this device has not reported it yet.
' config: { url: gateway base URL, appId: Kochava app id, clientKey (the app's client key, when the gateway
'           requires one: sent as X-Ctvgw-Key; it selects the app, it is no secret), platform (default "roku"),
'           data (AA, optional), consent (AA, optional: Google DMA consent as Kochava takes it, e.g.
'           { tc_string: "CP...", gdpr_applies: true } or { ad_user_data: true, ad_personalization: false }),
'           log (default true) }. port: the roMessagePort your channel's event loop waits on.
function CtvGateway(config as Object, port as Object) as Object
  gw = {
    url: CtvGateway_TrimSlash(config.url),
    appId: config.appId,
    clientKey: config.clientKey,
    platform: "roku",
    data: config.data,
    consent: config.consent,
    logging: true,
    port: port,
    pending: {},
    section: CreateObject("roRegistrySection", "CtvGateway"),
    HandleEvent: CtvGateway_HandleEvent,
    TrackEvent: CtvGateway_TrackEvent,
    IsBusy: CtvGateway_IsBusy,
    Log: CtvGateway_Log,
    Post: CtvGateway_Post,
    OnInstallAnswer: CtvGateway_OnInstallAnswer
  }
  if config.platform <> invalid then gw.platform = config.platform
  if config.log <> invalid then gw.logging = config.log
  gw.device = CtvGateway_DeviceFields(CreateObject("roDeviceInfo"), CreateObject("roAppInfo"))
  gw.device.app_id = config.appId

  if gw.section.Exists("install") then
    gw.Log("install reported before (" + gw.section.Read("install") + "): nothing to send")
  else if gw.section.Read("rejected_version") = gw.device.app_version then
    gw.Log("install was rejected for app version " + gw.device.app_version + ": not sent again")
  else
    ' The first launch's time, kept so that a retry on a later launch reports when the install happened.
    if not gw.section.Exists("first_seen") then
      gw.section.Write("first_seen", CtvGateway_IntStr(CreateObject("roDateTime").AsSeconds()))
      gw.section.Flush()
    end if
    body = CtvGateway_Copy(gw.device)
    ' Val with a radix is an Integer; without one a device returns a Float, too coarse for epoch seconds.
    body.usertime = Val(gw.section.Read("first_seen"), 10)
    if gw.data <> invalid then body.data = gw.data
    if gw.consent <> invalid then body.gdpr_privacy_consent = gw.consent
    gw.Post("install", body)
  end if
  return gw
end function

' Handles msg if it is the answer to one of this client's requests: returns true then, false otherwise.
function CtvGateway_HandleEvent(msg as Dynamic) as Boolean
  if type(msg) <> "roUrlEvent" then return false
  key = CtvGateway_IntStr(msg.GetSourceIdentity())
  request = m.pending[key]
  if request = invalid then return false
  if msg.GetInt() <> 1 then return true ' not yet complete
  m.pending.Delete(key)
  code = msg.GetResponseCode()
  body = msg.GetString()
  if request.kind = "install" then
    m.OnInstallAnswer(code, body, msg.GetFailureReason(), msg.GetResponseHeaders())
  else if code >= 200 and code < 300 then
    m.Log("event " + request.name + " accepted (" + CtvGateway_IntStr(code) + ")")
  else
    m.Log("event " + request.name + " not accepted (" + CtvGateway_IntStr(code) + "): " + CtvGateway_Redact(body, m.device))
  end if
  return true
end function

' Posts a post-install event: event_name, event_data and the device fields, to /v1/{platform}/event.
sub CtvGateway_TrackEvent(name as String, data = invalid as Dynamic)
  body = CtvGateway_Copy(m.device)
  body.event_name = name
  if data = invalid then data = {}
  body.event_data = data
  body.usertime = CreateObject("roDateTime").AsSeconds()
  if m.consent <> invalid then body.gdpr_privacy_consent = m.consent
  m.Post("event", body)
end sub

' True while a request of this client is in flight.
function CtvGateway_IsBusy() as Boolean
  return m.pending.Count() > 0
end function

sub CtvGateway_Post(kind as String, body as Object)
  transfer = CreateObject("roUrlTransfer")
  ' Answers are matched by identity. A device's are unique; brs-engine draws them from 0-79 at random, and two
  ' requests in flight with one identity would lose an answer: draw again until it is free.
  while m.pending.DoesExist(CtvGateway_IntStr(transfer.GetIdentity()))
    transfer = CreateObject("roUrlTransfer")
  end while
  transfer.SetUrl(m.url + "/v1/" + m.platform + "/" + kind)
  transfer.SetCertificatesFile("common:/certs/ca-bundle.crt")
  transfer.InitClientCertificates()
  transfer.RetainBodyOnError(true)
  transfer.AddHeader("Content-Type", "application/json")
  if m.clientKey <> invalid then transfer.AddHeader("X-Ctvgw-Key", m.clientKey)
  transfer.SetMessagePort(m.port)
  request = { kind: kind, transfer: transfer, name: "" }
  if kind = "event" then request.name = body.event_name
  if transfer.AsyncPostFromString(FormatJson(body)) then
    ' Kept referenced until its roUrlEvent arrives: a collected roUrlTransfer cancels its request.
    m.pending[CtvGateway_IntStr(transfer.GetIdentity())] = request
  else
    m.Log(kind + " could not be started: will try again on the next launch")
  end if
end sub

sub CtvGateway_OnInstallAnswer(code as Integer, body as String, reason as String, headers as Object)
  if code >= 200 and code < 300 then
    answer = ParseJson(body)
    status = "accepted"
    receipt = ""
    if answer <> invalid and answer.status <> invalid then status = answer.status
    if answer <> invalid and answer.receipt <> invalid then receipt = answer.receipt
    m.section.Write("install", status + " " + receipt)
    m.section.Delete("rejected_version")
    m.section.Flush()
    m.Log("install " + status + " receipt=" + receipt)
  else if code = 408 or code = 429 or code >= 500 or code < 200 then
    ' 429/503 carry Retry-After; a launch is later than any of it. Negative codes: no connection (curl).
    retryAfter = ""
    if headers <> invalid and headers["retry-after"] <> invalid then retryAfter = " retry-after=" + headers["retry-after"]
    m.Log("install not delivered (" + CtvGateway_IntStr(code) + " " + reason + retryAfter + "): will try again on the next launch")
  else
    m.section.Write("rejected_version", m.device.app_version)
    m.section.Flush()
    m.Log("install rejected (" + CtvGateway_IntStr(code) + "): " + CtvGateway_Redact(body, m.device))
  end if
end sub

' The fields every request carries: app, identifiers, limit-ad-tracking, OS version, model.
function CtvGateway_DeviceFields(deviceInfo as Object, appInfo as Object) as Object
  lat = deviceInfo.IsRIDADisabled()
  ids = { channel_client_id: deviceInfo.GetChannelClientId() }
  ' With ad tracking limited, the RIDA is a temporary id the gateway would drop: it is not sent at all.
  if not lat then ids.rida = deviceInfo.GetRIDA()
  return {
    app_version: appInfo.GetVersion(),
    ids: ids,
    lat: lat,
    os_version: CtvGateway_OsVersion(deviceInfo),
    model: deviceInfo.GetModel()
  }
end function

' GetOSVersion() as major.minor.revision.build (Roku OS 9.2 and later); before 9.2 the GetVersion() string.
function CtvGateway_OsVersion(deviceInfo as Object) as String
  legacy = deviceInfo.GetVersion()
  ' A real 13-character GetVersion() string: [0-1] hardware, [2] major, [3] ".", [4-5] minor digits.
  legacyForm = CreateObject("roRegex", "^[0-9A-Z]{2}[0-9]\.[0-9]{2}[0-9A-Z]{2}[0-9]{4}[0-9A-Z]$", "")
  if legacyForm.IsMatch(legacy) then
    major = Val(Mid(legacy, 3, 1), 10)
    minor = Val(Mid(legacy, 5, 1), 10)
    if major < 9 or (major = 9 and minor < 2) then return legacy
  end if
  v = deviceInfo.GetOSVersion()
  return v.major + "." + v.minor + "." + v.revision + "." + v.build
end function

' text with the advertising id cut to its first 8 characters.
function CtvGateway_Redact(text as String, device as Object) as String
  rida = device.ids.rida
  if rida = invalid or Len(rida) <= 8 then return text
  short = Left(rida, 8) + "..."
  result = ""
  at = Instr(1, text, rida)
  while at > 0
    result = result + Left(text, at - 1) + short
    text = Mid(text, at + Len(rida))
    at = Instr(1, text, rida)
  end while
  return result + text
end function

sub CtvGateway_Log(line as String)
  if m.logging then print "[CtvGateway] " + line
end sub

function CtvGateway_Copy(source as Object) as Object
  copy = {}
  for each key in source
    copy[key] = source[key]
  end for
  return copy
end function

function CtvGateway_TrimSlash(url as String) as String
  while Len(url) > 0 and Right(url, 1) = "/"
    url = Left(url, Len(url) - 1)
  end while
  return url
end function

function CtvGateway_IntStr(value as Integer) as String
  return StrI(value).Trim()
end function
