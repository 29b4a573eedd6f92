package com.nakksha.defaults.apidocs;

import java.util.List;
import java.util.Map;

import com.nakksha.defaults.security.Caller;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * What every service's OpenAPI document says so the gateway's Swagger UI can call it: a bearer
 * security scheme (the Authorize button), the gateway as the only server (the relative URL {@code /},
 * which Swagger UI resolves against the gateway it loaded the document from; the services are not
 * reachable by clients), no {@link Caller} shown as a parameter (it comes from the token), and the 4xx
 * problem answers every operation may give.
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
public class ApiDocsAutoConfiguration {

    static final String BEARER = "bearer";
    static final String PROBLEM = "Problem";

    /** 4xx answers any operation may give: input, token, role or approval, missing resource, state conflicts. */
    private static final Map<String, String> PROBLEM_ANSWERS = Map.of(
            "400", "The request is malformed or a field is invalid (the problem names the fields)",
            "401", "The bearer token is missing or not valid",
            "403", "The caller may not do this (role, approval, or not their resource)",
            "404", "Nothing found at this path",
            "409", "The request conflicts with the current state",
            "429", "Too many requests; retry after Retry-After seconds");

    static {
        // The caller is resolved from the token (CallerArgumentResolver), never sent as a parameter.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    @ConditionalOnMissingBean
    OpenAPI platformOpenApi() {
        return new OpenAPI()
                .servers(List.of(new Server().url("/").description("The Nakksha API gateway")))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .bearerFormat("JWT").description("An access token from POST /api/v1/auth/login")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    @Bean
    OpenApiCustomizer problemAnswersDocumented() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            // springdoc drops component schemas no operation referenced before the customizers ran, so the one referenced here is added here.
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                PROBLEM_ANSWERS.forEach((status, description) -> {
                    if (operation.getResponses() != null && !operation.getResponses().containsKey(status)) {
                        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                                .content(new Content().addMediaType("application/problem+json",
                                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
                    }
                });
            }));
        };
    }

    /** RFC 9457 problem details as the services write them; {@code errors} lists invalid fields on a 400. */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new io.swagger.v3.oas.models.media.ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema())
                        .addProperty("message", new StringSchema())));
    }
}
