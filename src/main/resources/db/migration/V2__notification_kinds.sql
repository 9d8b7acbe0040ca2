-- notification kinds beyond down and up (degraded, recovered, certificate) are longer than 8 characters
${widen_outbox_kind};
