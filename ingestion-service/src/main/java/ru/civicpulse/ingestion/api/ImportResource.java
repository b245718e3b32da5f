package ru.civicpulse.ingestion.api;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import ru.civicpulse.common.Caller;
import ru.civicpulse.common.Problem.FieldError;
import ru.civicpulse.common.ProblemException;
import ru.civicpulse.common.Roles;
import ru.civicpulse.common.ratelimit.RateLimitClass;
import ru.civicpulse.common.ratelimit.RateLimited;
import ru.civicpulse.contracts.Source;
import ru.civicpulse.ingestion.imports.ImportService;
import ru.civicpulse.ingestion.imports.UnreadableFileException;

import java.io.IOException;
import java.util.List;

@Path("/api/v1/imports")
@Tag(name = "Imports")
@Blocking
@RolesAllowed({Roles.REGION_ANALYST, Roles.REGION_ADMIN})
public class ImportResource {
    @Inject
    ImportService imports;
    @Inject
    Caller caller;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitClass.IMPORTS)
    @APIResponse(responseCode = "429", description = "Too many requests from this client; retry after Retry-After seconds")
    @Operation(summary = "Import a CSV or XLSX export (Инцидент Менеджмент, ПОС, or any table with named columns)",
            description = "Rows are read as a stream and stored in batches; each row's record number is its source id, so "
                    + "importing the same file again accepts nothing new. Rejected rows are listed with their line numbers.")
    @APIResponse(responseCode = "200", description = "Counts and rejected rows")
    @APIResponse(responseCode = "400", description = "No file part, or an unreadable file")
    @APIResponse(responseCode = "401", description = "Missing or invalid token")
    @APIResponse(responseCode = "403", description = "Role may not import")
    @APIResponse(responseCode = "422", description = "Unknown layout, unknown municipality or named columns missing")
    public ImportService.Result upload(
            @RestForm("file") FileUpload file,
            @Parameter(description = "Municipality code for every row (otherwise read from the file's municipality column)")
            @QueryParam("municipality") String municipality,
            @Parameter(description = "POS or INCIDENT_IMPORT; defaults to the layout's own source")
            @QueryParam("source") String source,
            @Parameter(description = "Generic tables: header of the record-number column") @QueryParam("idColumn") String idColumn,
            @Parameter(description = "Generic tables: header of the text column") @QueryParam("textColumn") String textColumn,
            @Parameter(description = "Generic tables: header of the date column") @QueryParam("dateColumn") String dateColumn,
            @Parameter(description = "Generic tables: header of the municipality column") @QueryParam("municipalityColumn") String municipalityColumn,
            @Parameter(description = "Generic tables: header of the address column") @QueryParam("addressColumn") String addressColumn,
            @Parameter(description = "Generic tables: header of the column naming the body the source routed the record to (Исполнитель)")
            @QueryParam("executorColumn") String executorColumn)
            throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.badRequest("Send the export as multipart/form-data part \"file\".");
        }
        Source parsedSource = null;
        if (source != null && !source.isBlank()) {
            if (!"POS".equals(source) && !"INCIDENT_IMPORT".equals(source)) {
                throw ProblemException.unprocessable("Unsupported source.", List.of(new FieldError("source", "must be POS or INCIDENT_IMPORT")));
            }
            parsedSource = Source.valueOf(source);
        }
        try {
            return imports.importFile(file.uploadedFile(), new ImportService.Request(file.fileName(), blankToNull(municipality),
                    parsedSource, blankToNull(idColumn), blankToNull(textColumn), blankToNull(dateColumn),
                    blankToNull(municipalityColumn), blankToNull(addressColumn), blankToNull(executorColumn), caller.name()));
        } catch (UnreadableFileException e) {
            throw ProblemException.badRequest("The file could not be read: " + e.getMessage());
        } catch (IOException e) {
            // the library's text names the upload's temporary file: say only what the caller can act on
            throw ProblemException.badRequest("The file could not be read as CSV (UTF-8) or XLSX.");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
