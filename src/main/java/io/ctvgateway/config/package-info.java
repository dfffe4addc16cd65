/**
 * Configuration: {@code conf/gateway.json}, environment and system-property overrides, turned into
 * validated records at start-up. A bad value stops the start with a message that names the key.
 */
package io.ctvgateway.config;
